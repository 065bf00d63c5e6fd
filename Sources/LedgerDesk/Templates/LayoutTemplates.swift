/// The frame of every page: its head (one stylesheet, one script, both the desk's own), the bar with
/// the navigation and the subject search, and the foot. Every `{{value}}` is escaped by bytes.
enum LayoutTemplates {
    static let header = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}<!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>{{title}} — ledger desk</title>
        <link rel="stylesheet" href="/assets/desk.css">
        <script src="/assets/desk.js" defer></script>
        {{#refresh}}<noscript><meta http-equiv="refresh" content="1"></noscript>{{/refresh}}
        </head>
        <body>
        <a class="skip" href="#main">Skip to the page</a>
        <header class="bar">
        <nav aria-label="Desk"><a href="/">Contested</a> <a href="/claim/new">New claim</a> <a href="/audit">Audit</a></nav>
        <form class="search" action="/search" method="get" role="search">
        <label for="search-prefix">Subjects starting with</label>
        <input id="search-prefix" name="prefix" value="{{searchPrefix}}" autocomplete="off">
        <button type="submit">Search</button>
        </form>
        </header>
        <main id="main">
        {{#notice}}<p class="notice" role="status">{{.}}</p>{{/notice}}
        """#

    static let footer = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}</main>
        <footer class="meta">ledger desk, acting as {{actor}} on {{endpoint}}.</footer>
        </body>
        </html>
        """#

    /// A page that only says why the desk cannot answer.
    static let error = #"""
        {{% CONTENT_TYPE: HTML_BYTES}}{{> header}}
        <h1>{{title}}</h1>
        <p class="error" role="alert">{{message}}</p>
        {{#home}}<p><a href="/">Back to the desk</a></p>{{/home}}
        {{> footer}}
        """#
}
