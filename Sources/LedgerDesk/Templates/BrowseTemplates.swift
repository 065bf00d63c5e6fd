/// The pages that list: contested subjects with the live feed, and the subject search.
enum BrowseTemplates {
    static let contested = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>Contested now</h1>
        <p class="meta">Every subject and predicate whose sources disagree, at {{at}}, as of {{asOf}}; {{count}} on this page.</p>
        <table class="list">
        <thead><tr><th scope="col">Subject</th><th scope="col">Predicate</th><th scope="col">Candidates</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="{{link}}">{{subject}}</a></td><td>{{predicate}}</td><td><ul class="inline">{{#candidates}}<li class="object">{{.}}</li>{{/candidates}}</ul></td></tr>
        {{/rows}}
        {{^rows}}<tr><td colspan="3">Nothing is contested.</td></tr>{{/rows}}
        </tbody>
        </table>
        {{#next}}<p><a href="{{.}}" rel="next">Next page</a></p>{{/next}}
        <section aria-labelledby="feed-title">
        <h2 id="feed-title">Arriving now</h2>
        <p class="meta" id="feed-state">The newest events appear here as the ledger records them (with JavaScript; without it, reload).</p>
        <ol id="feed" class="feed" data-after="{{head}}" aria-live="polite"></ol>
        </section>
        {{> footer}}
        """#

    static let search = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>Subjects starting with “{{searchPrefix}}”</h1>
        <table class="list">
        <thead><tr><th scope="col">Subject</th><th scope="col">Events</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="{{link}}">{{subject}}</a></td><td>{{events}}</td></tr>
        {{/rows}}
        {{^rows}}<tr><td colspan="2">No subject starts with that.</td></tr>{{/rows}}
        </tbody>
        </table>
        {{#next}}<p><a href="{{.}}" rel="next">Next page</a></p>{{/next}}
        {{> footer}}
        """#
}
