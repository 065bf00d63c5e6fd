/// A subject's page: the belief under both time controls, each candidate's sources with their grades
/// and its credibility, the report's timeline, and the history with each event's change of belief.
enum SubjectTemplates {
    static let subject = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>{{subject}}</h1>
        <form class="times" method="get" action="/subject" id="times">
        <input type="hidden" name="name" value="{{subject}}">
        {{#timeFields}}<div class="field">
        <label for="{{name}}">{{label}}</label>
        <input id="{{name}}" name="{{name}}" value="{{value}}" placeholder="now" aria-describedby="{{name}}-help{{#error}} {{name}}-error{{/error}}"{{#error}} aria-invalid="true"{{/error}}>
        <small id="{{name}}-help">{{help}}</small>
        {{#error}}<p class="error" id="{{name}}-error" role="alert">{{.}}</p>{{/error}}
        </div>
        {{/timeFields}}
        <button type="submit">Show the belief</button>
        </form>
        {{#belief}}
        <p class="meta" id="horizon">What the ledger believed at <b>{{at}}</b> (valid time), from what it had recorded by <b>{{asOf}}</b>.
        <a href="{{receiptLink}}">Download the receipt</a> · <a href="{{reportLink}}">Download the report</a></p>
        <h2>Belief</h2>
        {{#predicates}}
        <section class="predicate">
        <h3>{{predicate}} <span class="status status-{{status}}">{{status}}</span></h3>
        <ul class="candidates">
        {{#candidates}}<li class="candidate"><span class="object">{{object}}</span>{{#credibility}} <span class="credibility">credibility {{.}}</span>{{/credibility}}
        {{#hasAffirmed}}<div class="sources"><b>affirmed by</b> <ul class="inline">{{#affirmed}}<li><a href="{{link}}">{{name}}</a>{{#grade}} [{{.}}]{{/grade}}</li>{{/affirmed}}</ul></div>{{/hasAffirmed}}
        {{#hasDenied}}<div class="sources"><b>denied by</b> <ul class="inline">{{#denied}}<li><a href="{{link}}">{{name}}</a>{{#grade}} [{{.}}]{{/grade}}</li>{{/denied}}</ul></div>{{/hasDenied}}
        <div class="meta">claims: <ul class="inline">{{#claims}}<li><a href="{{link}}">{{id}}</a></li>{{/claims}}</ul></div>
        </li>
        {{/candidates}}
        </ul>
        {{#hasLoadBearing}}<div class="meta">load-bearing: <ul class="inline">{{#loadBearing}}<li><a href="{{link}}">{{id}}</a></li>{{/loadBearing}}</ul></div>{{/hasLoadBearing}}
        </section>
        {{/predicates}}
        {{^predicates}}<p>Nothing is claimed about it at that time.</p>{{/predicates}}
        {{#groups}}<p class="note">Counted as one origin: {{.}}</p>{{/groups}}
        {{/belief}}
        {{#timeline}}
        <h2>Timeline</h2>
        {{> timeline}}
        {{/timeline}}
        <h2>History</h2>
        <table class="list history">
        <thead><tr><th scope="col">seq</th><th scope="col">recorded</th><th scope="col">effective</th><th scope="col">event</th><th scope="col">change</th></tr></thead>
        <tbody>
        {{#history}}<tr><td><a href="{{link}}">{{seq}}</a></td><td>{{recordedAt}}</td><td>{{effectiveAt}}</td>
        <td>{{#sourceLink}}<a href="{{.}}">{{source}}</a> {{/sourceLink}}{{said}}{{#erased}} <span class="erased">(evidence erased)</span>{{/erased}}</td>
        <td>{{predicate}}: {{before}} → {{after}}{{#gained}} <span class="gained">+{{.}}</span>{{/gained}}{{#lost}} <span class="lost">−{{.}}</span>{{/lost}}</td></tr>
        {{/history}}
        </tbody>
        </table>
        {{> footer}}
        """#
}
