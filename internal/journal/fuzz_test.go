package journal

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadRecord: no journal, however damaged, makes the reader panic,
// and one it accepts names only emend's temporaries and backups.
func FuzzReadRecord(f *testing.F) {
	f.Add([]byte(`{"state":"rename","entries":[{"path":"/lib/a.txt","new":"/lib/.emend/txn/0.new","old":"/lib/.emend/txn/0.old"}]}`))
	f.Add([]byte(`{"state":"done","entries":[{"path":"/x/b.vtt","new":"/x/.emend-txn-0.new","old":"/x/.emend-txn-0.old"}]}`))
	f.Add([]byte(`{"state":"prepare","entries":[{"path":"/etc/passwd","new":"/tmp/evil","old":"/tmp/evil2"}]}`))
	f.Add([]byte(`{"state":`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		jpath := filepath.Join(dir, journalName)
		if err := os.WriteFile(jpath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rec, err := readRecord(jpath)
		if err != nil {
			return
		}
		for i, e := range rec.Entries {
			if e.check(dir, i) != nil {
				t.Fatalf("accepted entry %d: %+v", i, e)
			}
		}
	})
}
