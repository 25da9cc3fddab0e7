package lint

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// IsDefinitionFile reports whether a file name is a definition's: .yaml or .yml.
func IsDefinitionFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// ReadFS reads every definition file under root in fsys, in name order. Names in the result are prefix
// joined with the path inside fsys, so that findings point at files people can open.
func ReadFS(fsys fs.FS, root, prefix string) ([]File, error) {
	var out []File
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !IsDefinitionFile(p) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out = append(out, File{Name: path.Join(prefix, p), Data: data})
		return nil
	})
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}
