/* Django's CSRF token on the body editor's image uploads (the image dialog, paste, drag and
   drop): CKEditor 4 posts them itself, with its own token only. The listener runs after
   CKEditor opens the request (priority 5) and before it sends it (priority 999). */
/* global CKEDITOR */
;(() => {
  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    return field ? field.value : ""
  }

  CKEDITOR.on("instanceCreated", (created) => {
    created.editor.on("fileUploadRequest", (upload) => {
      upload.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", csrfToken())
    })
  })
})()
