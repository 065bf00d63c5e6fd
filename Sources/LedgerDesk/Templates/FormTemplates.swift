/// Pieces every form uses: a labelled field with its help and, when the daemon refused it, its
/// error beside it; and the hidden CSRF token.
enum FormTemplates {
    /// One field: `{name, label, value, help?, error?, kind}` where kind is `text`, `textarea` or `select`.
    static let field = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}<div class="field{{#error}} has-error{{/error}}">
        <label for="{{id}}">{{label}}</label>
        {{#isText}}<input id="{{id}}" name="{{name}}" value="{{value}}"{{#required}} required{{/required}}{{#placeholder}} placeholder="{{.}}"{{/placeholder}} aria-describedby="{{id}}-help{{#error}} {{id}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>{{/isText}}
        {{#isTextarea}}<textarea id="{{id}}" name="{{name}}" rows="3" aria-describedby="{{id}}-help{{#error}} {{id}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>{{value}}</textarea>{{/isTextarea}}
        {{#isSelect}}<select id="{{id}}" name="{{name}}" aria-describedby="{{id}}-help{{#error}} {{id}}-error{{/error}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}
        <small id="{{id}}-help">{{help}}</small>
        {{#error}}<p class="error" id="{{id}}-error" role="alert">{{.}}</p>{{/error}}
        </div>
        """#

    static let csrf = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}<input type="hidden" name="csrf" value="{{csrf}}">
        """#
}
