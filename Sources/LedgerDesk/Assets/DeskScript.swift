/// The desk's one script, progressive: every page works without it. It makes the contested page's
/// feed live (Server-Sent Events from `/feed`) and moves a verification's progress bar without
/// reloading. Text from the ledger is only ever set as `textContent`, never parsed as HTML.
enum DeskScript {
    static let javaScript = #"""
        "use strict";
        (function () {
          const feed = document.getElementById("feed");
          if (feed && window.EventSource) {
            const state = document.getElementById("feed-state");
            const source = new EventSource("/feed?after=" + encodeURIComponent(feed.dataset.after || "0"));
            source.onopen = function () { state.textContent = "Live: the newest events appear here as the ledger records them."; };
            source.onerror = function () { state.textContent = "The live feed is interrupted; it reconnects by itself."; };
            source.onmessage = function (message) {
              const item = JSON.parse(message.data);
              const row = document.createElement("li");
              const link = document.createElement("a");
              link.href = "/event?id=" + encodeURIComponent(item.id);
              link.textContent = "seq " + item.seq;
              row.append(link, document.createTextNode(" " + item.summary));
              row.className = "feed-event";
              feed.prepend(row);
              while (feed.children.length > 50) { feed.lastElementChild.remove(); }
            };
          }
          const progress = document.getElementById("verify-progress");
          if (progress && progress.dataset.job) {
            const count = document.getElementById("verify-count");
            const verdict = document.getElementById("verify-state");
            const poll = function () {
              fetch("/audit/verification.json?job=" + encodeURIComponent(progress.dataset.job), { credentials: "same-origin" })
                .then(function (response) { return response.json(); })
                .then(function (job) {
                  progress.max = Math.max(job.total, 1);
                  progress.value = job.done;
                  count.textContent = job.done + " of " + job.total;
                  verdict.textContent = job.state;
                  verdict.className = job.finished ? (job.failed ? "failed" : "verified") : "";
                  if (!job.finished) { setTimeout(poll, 250); }
                })
                .catch(function () { setTimeout(poll, 1000); });
            };
            poll();
          }
        })();

        """#
}
