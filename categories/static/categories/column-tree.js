/* The column list opens its first levels on a browser that has not stored yet which columns
   are collapsed. django-mptt's script collapses the whole tree in that case; it runs once the
   page is ready and reads the collapsed columns from localStorage, so this script, running
   while the page is read, stores the columns below the open levels as collapsed first. From
   then on django-mptt remembers the editor's own clicks over it. */
;(function () {
  var tree = JSON.parse(
    document.getElementById("draggable-admin-context").getAttribute("data-context"),
  )
  var openLevels = Number(document.currentScript.getAttribute("data-open-levels"))
  try {
    if (window.localStorage.getItem(tree.storageName) !== null) return
    // treeStructure: the children of each column that has any; the roots under 0.
    var level = tree.treeStructure[0] || []
    for (var depth = 1; depth < openLevels; depth++) {
      level = level.reduce(function (below, pk) {
        return below.concat(tree.treeStructure[pk] || [])
      }, [])
    }
    var collapsed = level.filter(function (pk) {
      return pk in tree.treeStructure
    })
    window.localStorage.setItem(tree.storageName, JSON.stringify(collapsed))
  } catch (error) {
    // No localStorage (a browser may refuse it): django-mptt's own default applies.
  }
})()
