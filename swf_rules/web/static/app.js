// swf-rules workbench: the print buttons (the voucher prints the page with its print stylesheet; the regulation
// prints its frame).  Nothing else needs JavaScript outside the editor.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".print-button").forEach(function (b) {
    b.addEventListener("click", function () {
      var frame = b.dataset.frame && document.getElementById(b.dataset.frame);
      if (frame && frame.contentWindow) { frame.contentWindow.focus(); frame.contentWindow.print(); }
      else { window.print(); }
    });
  });
});
