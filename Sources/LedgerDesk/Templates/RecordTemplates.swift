/// The pages that write: a new claim, a source (grade it, record an affiliation), an event (retract
/// or erase it). Each form posts back to its page, carries the CSRF token, and shows the daemon's
/// refusal beside the field it names, or above the form when it names none.
enum RecordTemplates {
    static let newClaim = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>New claim</h1>
        <p>Record who claims what. The ledger keeps it for good; a claim is withdrawn by retracting it.</p>
        {{#formError}}<p class="error" role="alert" id="form-error">{{.}}</p>{{/formError}}
        <form method="post" action="/claim/new" class="record">
        {{> csrf}}
        {{#fields}}{{> field}}{{/fields}}
        <button type="submit">Record the claim</button>
        </form>
        {{> footer}}
        """#

    static let source = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>{{name}}</h1>
        <p>Reliability <b class="grade">{{reliability}}</b> ({{meaning}}) at {{at}}, as of {{asOf}}.
        Part of: {{#ancestors}}<a href="{{link}}">{{name}}</a> {{/ancestors}}{{^ancestors}}nothing recorded{{/ancestors}}.</p>
        <h2>What is held about it</h2>
        <table class="list">
        <thead><tr><th scope="col">seq</th><th scope="col">effective</th><th scope="col">by</th><th scope="col">says</th></tr></thead>
        <tbody>
        {{#facts}}<tr><td><a href="{{link}}">{{seq}}</a></td><td>{{effectiveAt}}</td><td><a href="{{byLink}}">{{by}}</a></td><td>{{said}}</td></tr>
        {{/facts}}
        {{^facts}}<tr><td colspan="4">Nothing: it is ungraded (F).</td></tr>{{/facts}}
        </tbody>
        </table>
        <h2>What it claimed</h2>
        <table class="list">
        <thead><tr><th scope="col">seq</th><th scope="col">subject</th><th scope="col">claim</th><th scope="col">stands</th><th scope="col">status now</th></tr></thead>
        <tbody>
        {{#claims}}<tr><td><a href="{{link}}">{{seq}}</a></td><td><a href="{{subjectLink}}">{{subject}}</a></td><td>{{said}}</td><td>{{stands}}</td><td>{{status}}</td></tr>
        {{/claims}}
        {{^claims}}<tr><td colspan="5">Nothing.</td></tr>{{/claims}}
        </tbody>
        </table>
        {{#formError}}<p class="error" role="alert" id="form-error">{{.}}</p>{{/formError}}
        <div class="forms">
        <form method="post" action="/source/grade" class="record" aria-labelledby="grade-title">
        <h2 id="grade-title">Grade it</h2>
        {{> csrf}}<input type="hidden" name="name" value="{{name}}">
        {{#gradeFields}}{{> field}}{{/gradeFields}}
        <button type="submit">Record the grade</button>
        </form>
        <form method="post" action="/source/part-of" class="record" aria-labelledby="part-of-title">
        <h2 id="part-of-title">Record a body it belongs to</h2>
        {{> csrf}}<input type="hidden" name="name" value="{{name}}">
        {{#partOfFields}}{{> field}}{{/partOfFields}}
        <button type="submit">Record the affiliation</button>
        </form>
        </div>
        {{> footer}}
        """#

    static let event = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>Event {{seq}}</h1>
        <dl class="facts">
        {{#facts}}<dt>{{label}}</dt><dd>{{#link}}<a href="{{link}}">{{value}}</a>{{/link}}{{^link}}{{value}}{{/link}}</dd>
        {{/facts}}
        </dl>
        <h2>As stored</h2>
        <pre class="stored">{{stored}}</pre>
        <h2>Inclusion proof</h2>
        {{#proof}}<p class="{{verdictClass}}">{{verdict}}</p>
        <dl class="facts"><dt>tree size</dt><dd>{{treeSize}}</dd><dt>root</dt><dd><code>{{root}}</code></dd><dt>leaf hash</dt><dd><code>{{leafHash}}</code></dd>
        <dt>audit path</dt><dd><ol class="hashes">{{#path}}<li><code>{{.}}</code></li>{{/path}}</ol></dd></dl>{{/proof}}
        {{#formError}}<p class="error" role="alert" id="form-error">{{.}}</p>{{/formError}}
        {{#isClaim}}
        <div class="forms">
        <form method="post" action="/event/retract" class="record" aria-labelledby="retract-title">
        <h2 id="retract-title">Retract it</h2>
        {{> csrf}}<input type="hidden" name="id" value="{{id}}">
        {{#retractFields}}{{> field}}{{/retractFields}}
        <button type="submit">Retract the claim</button>
        </form>
        <form method="post" action="/event/erase" class="record" aria-labelledby="erase-title">
        <h2 id="erase-title">Erase its evidence</h2>
        <p class="meta">Removes the quote, citation and note for good; the claim and every proof stay. Only users the daemon allows may erase.</p>
        {{> csrf}}<input type="hidden" name="id" value="{{id}}">
        {{#eraseFields}}{{> field}}{{/eraseFields}}
        <button type="submit">Erase the evidence</button>
        </form>
        </div>
        {{/isClaim}}
        {{> footer}}
        """#

    static let audit = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>Audit</h1>
        <dl class="facts"><dt>head</dt><dd>{{treeSize}} events</dd><dt>root</dt><dd><code>{{root}}</code></dd><dt>verifier key</dt><dd><code>{{verifierKey}}</code></dd></dl>
        <h2>Signed checkpoint</h2>
        <pre class="stored">{{checkpoint}}</pre>
        <h2>Full verification</h2>
        <p>Replays every event, recomputes every leaf and the root here, and checks each tree head the log committed.</p>
        <form method="post" action="/audit/verify">{{> csrf}}<button type="submit">Verify the whole ledger</button></form>
        {{> footer}}
        """#

    static let verification = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>Verification</h1>
        <p><label for="verify-progress">Events verified</label>
        <progress id="verify-progress" max="{{total}}" value="{{done}}" data-job="{{job}}">{{done}} of {{total}}</progress>
        <span id="verify-count">{{done}} of {{total}}</span></p>
        <p id="verify-state" class="{{stateClass}}" role="status">{{state}}</p>
        {{> footer}}
        """#
}
