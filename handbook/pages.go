package handbook

import (
	"regexp"
	"strings"
)

var (
	pdfObject = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(<<.*?)(?:stream|endobj)`)
	pdfPages  = regexp.MustCompile(`/Pages (\d+) 0 R`)
	pdfKids   = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	pdfRef    = regexp.MustCompile(`(\d+) 0 R`)
	pdfDest   = regexp.MustCompile(`/p-([A-Za-z0-9_.-]+)\s*\[\s*(\d+) 0 R`)
)

// PageNumbers reads, from the PDF a browser printed of a handbook, the page each process starts on, by
// process id: the page of the named destination the contents link to. It returns nil when the PDF does not
// say (a compressed object layout, or no links kept).
func PageNumbers(pdf []byte) map[string]int {
	index := pageIndex(pdf)
	out := map[string]int{}
	for _, m := range pdfDest.FindAllSubmatch(pdf, -1) {
		if p, ok := index[string(m[2])]; ok {
			if _, dup := out[string(m[1])]; !dup {
				out[string(m[1])] = p
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// PageCount returns the number of pages of a PDF, 0 when its page tree cannot be read.
func PageCount(pdf []byte) int { return len(pageIndex(pdf)) }

// pageIndex maps the object number of each page to its page number, walking the page tree from the catalog.
func pageIndex(pdf []byte) map[string]int {
	objs := map[string]string{}
	catalog := ""
	for _, m := range pdfObject.FindAllSubmatch(pdf, -1) {
		body := string(m[2])
		objs[string(m[1])] = body
		if strings.Contains(body, "/Type /Catalog") || strings.Contains(body, "/Type/Catalog") {
			catalog = body
		}
	}
	root := pdfPages.FindStringSubmatch(catalog)
	if root == nil {
		return nil
	}
	index := map[string]int{}
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		body, ok := objs[id]
		if !ok || depth > 64 {
			return
		}
		if kids := pdfKids.FindStringSubmatch(body); kids != nil && strings.Contains(body, "/Pages") {
			for _, r := range pdfRef.FindAllStringSubmatch(kids[1], -1) {
				walk(r[1], depth+1)
			}
			return
		}
		if _, seen := index[id]; !seen {
			index[id] = len(index) + 1
		}
	}
	walk(root[1], 0)
	return index
}
