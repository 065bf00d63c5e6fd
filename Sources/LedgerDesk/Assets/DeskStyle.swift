import LedgerReport

/// The desk's one stylesheet: readable, printable, high contrast, and the report's timeline styles.
enum DeskStyle {
    static let css =
        #"""
        :root { --contested: #8a5200; --settled: #1b6b36; --denied: #a3221b; --ink: #1d1d1f; --muted: #55595e; --rule: #d0d0d6; --link: #1a4f9c; }
        * { box-sizing: border-box; }
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; padding: 0 1rem 2rem; max-width: 76rem; }
        a { color: var(--link); } a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0b400; outline-offset: 1px; }
        .skip { position: absolute; left: -100rem; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; }
        .bar { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem 2rem; padding: .75rem 0; border-bottom: 2px solid var(--rule); margin-bottom: 1rem; }
        .bar nav a { margin-right: 1rem; font-weight: 600; }
        .search label { font-size: .9rem; color: var(--muted); }
        h1 { font-size: 1.6rem; margin: .5rem 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; }
        h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; overflow-wrap: anywhere; }
        .meta, .note, small { color: var(--muted); font-size: .9rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
        .status { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 0 .4rem; border-radius: .25rem; border: 2px solid currentColor; font-size: .85rem; }
        .status-contested { color: var(--contested); } .status-settled { color: var(--settled); } .status-denied { color: var(--denied); }
        .object, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
        pre.stored { white-space: pre-wrap; background: #f6f6f8; padding: .75rem; border-radius: .25rem; }
        .candidates { list-style: none; padding: 0; } .candidate { margin: .5rem 0; padding: .5rem; border-left: 4px solid var(--rule); }
        .credibility { font-size: .9rem; font-weight: 600; }
        ul.inline { display: inline; padding: 0; } ul.inline li { display: inline; } ul.inline li + li::before { content: "; "; }
        .field { margin: .75rem 0; display: grid; gap: .2rem; max-width: 42rem; }
        .field label { font-weight: 600; }
        input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: .25rem; }
        button { background: var(--ink); color: #fff; cursor: pointer; }
        .times { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: end; }
        .error { color: var(--denied); font-weight: 600; margin: .25rem 0; } .has-error input, .has-error textarea { border: 2px solid var(--denied); }
        .notice { background: #eef6ee; border-left: 4px solid var(--settled); padding: .5rem .75rem; }
        .verified { color: var(--settled); font-weight: 600; } .failed { color: var(--denied); font-weight: 600; }
        .forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 2rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .feed li { margin: .2rem 0; } .gained { color: var(--settled); } .lost, .erased { color: var(--denied); }
        progress { width: min(30rem, 100%); height: 1.2rem; }
        footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
        @media print { .bar, form, .skip, footer { display: none; } a { color: inherit; text-decoration: none; } }

        """# + ReportTemplate.timelineStyle.replacing("{{% CONTENT_TYPE: \(HTMLText.contentType)}}", with: "")
}
