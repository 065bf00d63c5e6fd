/// The report's HTML, a mustache template (rendered by swift-mustache; every `{{value}}` is escaped
/// by bytes, ``HTMLText``). One self-contained file: inline CSS and SVG, no script but the receipt's JSON data, no
/// font, image or style fetched from anywhere.
public enum ReportTemplate {
    static let page = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}<!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{subject}} — ledger report</title>
        <style>
          :root { --contested: #b36b00; --settled: #1b7a3d; --denied: #b3261e; --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; }
          * { box-sizing: border-box; }
          body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; padding: 1rem; max-width: 72rem; }
          h1 { font-size: 1.5rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
          h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; }
          .meta, .note { color: var(--muted); font-size: .9rem; }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--rule); }
          .status { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: .05rem .4rem; border-radius: .25rem; border: 2px solid currentColor; }
          .status-contested { color: var(--contested); } .status-settled { color: var(--settled); } .status-denied { color: var(--denied); }
          .object { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
          .sources { font-size: .9rem; } .sources b { font-weight: 600; }
          {{> timelineStyle}}
          .claims { list-style: none; padding: 0; }
          .claims li { border-bottom: 1px solid var(--rule); padding: .6rem 0; }
          blockquote { margin: .3rem 0; padding-left: .75rem; border-left: 3px solid var(--rule); font-style: italic; overflow-wrap: anywhere; }
          .erased { color: var(--denied); } .retracted { color: var(--muted); }
          code { overflow-wrap: anywhere; }
          @media (max-width: 40rem) { body { padding: .5rem; font-size: 15px; } th, td { padding: .3rem; } }
          @media print { body { max-width: none; } a { color: inherit; } a[href]::after { content: " (" attr(href) ")"; font-size: .8em; } h2 { break-after: avoid; } li { break-inside: avoid; } }
        </style>
        </head>
        <body>
        <header>
        <h1>{{subject}}</h1>
        <p class="meta">What the ledger believed at <b>{{at}}</b> (valid time), from what it had recorded by <b>{{asOf}}</b>, at a checkpoint of {{treeSize}} events signed by <code>{{verifierKey}}</code>.</p>
        </header>

        <h2 id="summary">Summary</h2>
        <table>
        <thead><tr><th>Predicate</th><th>Status</th><th>Candidates and their sources</th></tr></thead>
        <tbody>
        {{#predicates}}
        <tr>
        <td>{{predicate}}</td>
        <td><span class="status status-{{status}}">{{status}}</span></td>
        <td>{{#candidates}}<div><span class="object">{{object}}</span>{{#credibility}} <span class="credibility">{{.}}</span>{{/credibility}}<div class="sources">{{#affirmed}}<b>affirmed by</b> {{.}}{{/affirmed}}{{#denied}} <b>denied by</b> {{.}}{{/denied}}</div></div>{{/candidates}}{{#loadBearing}}<div class="meta">load-bearing: {{.}}</div>{{/loadBearing}}</td>
        </tr>
        {{/predicates}}
        {{^predicates}}<tr><td colspan="3">Nothing is claimed about it at that time.</td></tr>{{/predicates}}
        </tbody>
        </table>

        <h2 id="timeline">Timeline</h2>
        {{> timeline}}
        <p class="note">Valid time runs across; one row per source. Hover or tap a mark for its quote and citation; a letter is a grade of that source, ∈ an affiliation.</p>
        {{#groups}}<p class="note">Counted as one origin: {{.}}</p>{{/groups}}

        <h2 id="evidence">Evidence</h2>
        <ul class="claims">
        {{#claims}}
        <li>
        <div><b>{{source}}</b> {{verb}} <b>{{predicate}}</b> = <span class="object">{{object}}</span>, effective {{effectiveAt}}{{#via}}, via {{.}}{{/via}}{{#basis}} ({{.}}){{/basis}}</div>
        {{#quote}}<blockquote>{{.}}</blockquote>{{/quote}}
        {{#erased}}<div class="erased">Evidence erased {{at}} by {{actor}}: {{reason}}</div>{{/erased}}
        {{#citationLink}}<div><a href="{{.}}" rel="noreferrer noopener">{{.}}</a></div>{{/citationLink}}{{#citationText}}<div>{{.}}</div>{{/citationText}}
        {{#note}}<div class="note">{{.}}</div>{{/note}}
        {{#retracted}}<div class="retracted">Retracted {{at}} (seq {{seq}}): {{reason}}</div>{{/retracted}}
        <div class="meta">seq {{seq}} · id <code>{{id}}</code> · recorded {{recordedAt}} by {{actor}}</div>
        </li>
        {{/claims}}
        </ul>

        <h2 id="receipt">Receipt</h2>
        <p>This page carries its own proof. To check it without trusting whoever sent it, save it and run <code>ledgerctl verify-receipt {{fileName}} --key VKEY</code> with the ledger's verifier key: it checks the checkpoint's signature, every event's inclusion proof and recomputes the belief above from the events. It proves these events are in a log consistent with the checkpoint and that the belief follows from them; it cannot prove that no other event about the subject exists.</p>
        <script type="application/json" id="ledger-receipt">{{{receiptJSON}}}</script>
        </body>
        </html>
        """#

    /// The timeline's legend and SVG (``Timeline``'s context), shared by the report and the desk's subject page.
    public static let timeline = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}<div class="legend">
        <span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" class="mark affirm"/></svg> affirms</span>
        <span><svg width="14" height="14" aria-hidden="true"><rect x="2" y="2" width="10" height="10" class="mark deny"/></svg> denies</span>
        <span><svg width="14" height="14" aria-hidden="true"><path d="M2 2 L12 12 M12 2 L2 12" class="mark retraction"/></svg> retraction</span>
        <span><svg width="20" height="14" aria-hidden="true"><line x1="10" y1="0" x2="10" y2="14" class="at"/></svg> the report's “at”</span>
        </div>
        <svg class="timeline" viewBox="0 0 {{svgWidth}} {{svgHeight}}" role="img" aria-label="Claims about {{subject}} by source over valid time">
        {{#rows}}<rect class="row" x="0" y="{{top}}" width="{{svgWidth}}" height="{{height}}" rx="3"/><text x="6" y="{{labelY}}">{{label}}</text>
        {{/rows}}
        <line class="axis" x1="{{svgLeft}}" y1="{{axisY}}" x2="{{svgRight}}" y2="{{axisY}}"/>
        {{#ticks}}<text x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{label}}</text>
        {{/ticks}}
        {{#atLine}}<line class="at" x1="{{x}}" y1="0" x2="{{x}}" y2="{{axisY}}"/><text x="{{x}}" y="{{labelY}}" text-anchor="{{anchor}}">{{label}}</text>{{/atLine}}
        {{#marks}}{{#affirm}}<circle class="mark affirm claim" cx="{{x}}" cy="{{y}}" r="5"><title>{{tooltip}}</title></circle>{{/affirm}}{{#deny}}<rect class="mark deny claim" x="{{left}}" y="{{topY}}" width="10" height="10"><title>{{tooltip}}</title></rect>{{/deny}}{{#retraction}}<path class="mark retraction" d="M{{left}} {{topY}} l10 10 m0 -10 l-10 10"><title>{{tooltip}}</title></path>{{/retraction}}{{#grade}}<text class="mark grade" x="{{x}}" y="{{textY}}" text-anchor="middle">{{letter}}<title>{{tooltip}}</title></text>{{/grade}}
        {{/marks}}
        </svg>
        """#

    /// The timeline's CSS, shared by the report's inline style and the desk's stylesheet.
    public static let timelineStyle = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}.timeline { width: 100%; height: auto; border: 1px solid var(--rule); border-radius: .25rem; }
        .timeline text { font: 11px system-ui, sans-serif; fill: var(--ink); }
        .timeline .row { fill: #f6f6f8; } .timeline .axis { stroke: var(--muted); } .at { stroke: #1a5fb4; stroke-width: 2; stroke-dasharray: 4 3; }
        .mark.affirm { fill: var(--settled); } .mark.deny { fill: var(--denied); } .mark.retraction { stroke: var(--ink); stroke-width: 2; fill: none; }
        .legend { display: flex; flex-wrap: wrap; gap: 1rem; font-size: .9rem; margin: .5rem 0; }
        .legend svg { vertical-align: middle; }
        .timeline .grade { font-weight: bold; fill: #1a5fb4; } .credibility { color: var(--muted); }
        """#
}
