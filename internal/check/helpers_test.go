package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/emend-project/emend/internal/library"
)

// scanFiles writes files into a temporary show and scans it.
func scanFiles(t *testing.T, files map[string]string) *library.Library {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := library.Scan([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}
