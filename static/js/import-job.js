// An import job's page while a worker has it: follow the progress, and reload the page when
// the job's state changes (to show the preview, the errors or the result).
document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("import-job-progress");
  if (!job) {
    return;
  }
  const bar = job.querySelector("progress");
  const text = document.getElementById("import-job-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(job.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        if (status.state !== job.dataset.state) {
          window.location.reload();
          return;
        }
        if (status.total_rows !== null) {
          bar.max = Math.max(status.total_rows, 1);
          bar.value = status.processed_rows;
        }
        text.textContent = status.progress;
      }
    } catch (error) {
      // The server is restarting, say: try again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
});
