// Drag and drop, file and folder choosers for the upload box; confirmation before a file is removed; the
// "生成并下载" buttons post, download the file and show the server's messages without leaving the page.
// Plain browser JavaScript, no build step: the page works without it too (then the form posts as usual).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload");
  if (form) setUpUpload(form);
  for (const generate of document.querySelectorAll("form.generate")) setUpGenerate(generate);
  for (const remove of document.querySelectorAll("form.remove")) {
    remove.addEventListener("submit", (event) => {
      if (!window.confirm(remove.dataset.confirm)) event.preventDefault();
    });
  }
});

// Messages shown at the top of the page, as the server renders them.
function showMessages(messages) {
  const main = document.querySelector("main");
  for (const [level, text] of messages.slice().reverse()) {
    const p = document.createElement("p");
    p.className = `message ${level}`;
    p.setAttribute("role", level === "error" ? "alert" : "status");
    p.textContent = text;
    main.prepend(p);
  }
}

function setUpGenerate(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { "X-Summarize-Fetch": "1" },
      });
      if (!response.ok) {
        showMessages([["error", await response.text()]]);
        return;
      }
      const disposition = response.headers.get("Content-Disposition") || "";
      const encoded = /filename\*=utf-8''([^;]+)/i.exec(disposition);
      const plain = /filename="([^"]+)"/i.exec(disposition);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = encoded ? decodeURIComponent(encoded[1]) : plain ? plain[1] : "";
      document.body.append(link);
      link.click();
      link.remove();
      showMessages(JSON.parse(decodeURIComponent(response.headers.get("X-Summarize-Messages") || "%5B%5D")));
    } catch (error) {
      showMessages([["error", "生成失败：与本机服务的连接中断，请确认 summarize serve 仍在运行。"]]);
    } finally {
      button.disabled = false;
    }
  });
}

function setUpUpload(form) {
  const maxBytes = Number(form.dataset.maxBytes);
  const progress = form.querySelector(".progress");

  // A folder chooser gives "chosen/unit/file.xlsx": the chosen folder's own name is dropped, the rest kept.
  const chosen = (file) => {
    const parts = (file.webkitRelativePath || file.name).split("/");
    return { file, name: parts.length > 1 ? parts.slice(1).join("/") : file.name };
  };

  // files: [{file, name}], name being the path to keep inside the workspace.
  async function send(files) {
    if (!files.length) return;
    const total = files.reduce((sum, f) => sum + f.file.size, 0);
    if (total > maxBytes) {
      window.alert(`所选文件合计 ${(total / 1048576).toFixed(1)} MB，超过每次 ${maxBytes / 1048576} MB 的上限，请分几次上传。`);
      return;
    }
    const data = new FormData();
    for (const { file, name } of files) data.append("files", file, name);
    progress.hidden = false;
    try {
      const response = await fetch(form.action, { method: "POST", body: data });
      if (!response.ok) {  // over a limit: the reason, in Chinese (the reloaded page shows it too)
        window.alert((await response.json()).error);
      }
    } catch (error) {
      window.alert("上传失败：与本机服务的连接中断，请确认 summarize serve 仍在运行。");
    }
    window.location.reload();
  }

  for (const input of form.querySelectorAll("input[type=file]")) {
    input.addEventListener("change", () => send(Array.from(input.files, chosen)));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(Array.from(form.querySelectorAll("input[type=file]")).flatMap((i) => Array.from(i.files, chosen)));
  });

  form.addEventListener("dragover", (event) => { event.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", async (event) => {
    event.preventDefault();
    form.classList.remove("over");
    send(await droppedFiles(event.dataTransfer));
  });
}

// Files dropped as [{file, name}], those inside a dropped folder named by their path below it (as the folder
// chooser names them), read through the entries API.
async function droppedFiles(transfer) {
  const entries = Array.from(transfer.items || [], (item) => item.webkitGetAsEntry && item.webkitGetAsEntry());
  if (!entries.length || entries.some((e) => !e)) return Array.from(transfer.files, (file) => ({ file, name: file.name }));
  const files = [];
  const walk = async (entry, path) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      files.push({ file, name: path ? `${path}/${file.name}` : file.name });
      return;
    }
    const reader = entry.createReader();
    let batch;
    do {
      batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      for (const child of batch) await walk(child, path === null ? "" : path ? `${path}/${entry.name}` : entry.name);
    } while (batch.length);
  };
  // A dropped folder's own name is dropped (null); a dropped file keeps its name.
  for (const entry of entries) await walk(entry, entry.isDirectory ? null : "");
  return files;
}
