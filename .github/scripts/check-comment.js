// The pull-request comment quoting `make check`: the output sits in a code fence longer than any run of
// backticks inside it, so a file name cannot close the fence and turn the rest into Markdown.
function commentBody(output) {
  const text = output.slice(-60000);
  const longest = Math.max(2, ...(text.match(/`+/g) || []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return "### make check 發現內容問題\n\n" + fence + "text\n" + text + "\n" + fence + "\n";
}

if (typeof module !== "undefined") module.exports = { commentBody };
