package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadManifest: whatever a manifest holds, reading it fails or
// names only files inside the site.
func FuzzReadManifest(f *testing.F) {
	for _, s := range []string{"# comment\nindex.html\nsearch/meta.json\n", "../x\n", "/etc/passwd\n", "a\\..\\..\\b\n", "\x00\n", "episodes/../../x\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		names, err := readManifest(dir)
		if err != nil {
			return
		}
		for _, n := range names {
			if !filepath.IsLocal(filepath.FromSlash(n)) || strings.HasPrefix(n, "#") || n == "" {
				t.Errorf("manifest gave %q", n)
			}
		}
	})
}
