/* The file field of CKEditor 4's image and link dialogs (their 上传 tab) under the admin's
   Content-Security-Policy. CKEditor draws it as a frame addressed `javascript:void(0)` and
   writes into it a form followed by an inline <script> that tells the dialog the form is
   there. A frame with no document of its own takes the policy of the page that made it, the
   admin's, which refuses both: chromium logs two violations. The upload worked all the same
   because it goes by XHR from the dialog (filebrowserUploadMethod "xhr"), which reads the
   file from the frame's input; the refused script only announced the form ("formLoaded").
   Here the frame has no address (the same empty document, with nothing to run) and this
   script builds its form and announces it. */
/* global CKEDITOR */
;(() => {
  const ADDRESS = ' src="javascript:void(0)"'

  // CKEditor builds each field with `new CKEDITOR.ui.dialog[type](dialog, definition, html)`,
  // pushing the field's markup onto `html`.
  function withoutAddress(File) {
    function AddresslessFile(dialog, definition, html) {
      const start = html.length
      File.apply(this, arguments)
      for (let i = start; i < html.length; i++) html[i] = html[i].replace(ADDRESS, "")
    }
    AddresslessFile.prototype = File.prototype
    return AddresslessFile
  }

  // What CKEditor writes into the frame, less the script: a form with the labelled input.
  function fileForm(field, frameDocument) {
    const definition = field._.definition
    const inputId = `${field._.frameId}_input`
    const form = frameDocument.createElement("form")
    form.enctype = "multipart/form-data"
    form.method = "post"
    if (definition.action) form.setAttribute("action", definition.action)
    const label = frameDocument.createElement("label")
    label.id = field._.labelId
    label.htmlFor = inputId
    label.hidden = true
    label.textContent = definition.label
    const input = frameDocument.createElement("input")
    input.type = "file"
    input.id = inputId
    input.name = definition.id || "cke_upload"
    input.setAttribute("aria-labelledby", field._.labelId)
    input.style.width = "100%"
    form.append(label, input)
    return form
  }

  function reset() {
    const frameDocument = CKEDITOR.document.getById(this._.frameId).getFrameDocument().$
    const editor = this._.dialog._.editor
    const build = () => {
      if (frameDocument.forms.length) this.getInputElement().clearCustomData()
      frameDocument.documentElement.dir = editor.lang.dir
      frameDocument.documentElement.lang = editor.langCode
      frameDocument.body.style.cssText = "margin: 0; overflow: hidden; background: transparent"
      frameDocument.body.replaceChildren(fileForm(this, frameDocument))
      this.fire("formLoaded")
      for (const button of this._.buttons) button.enable()
    }
    // As CKEditor does: Firefox replaces a new frame's first empty document a moment later.
    if (CKEDITOR.env.gecko) setTimeout(build, 500)
    else build()
  }

  // The dialog plugin defines its fields when the first editor loads it; they are built
  // when a dialog first opens, after its definition is announced.
  CKEDITOR.on("dialogDefinition", () => {
    const fields = CKEDITOR.ui.dialog
    if (fields.file.prototype.reset === reset) return
    fields.file = withoutAddress(fields.file)
    fields.file.prototype.reset = reset
  })
})()
