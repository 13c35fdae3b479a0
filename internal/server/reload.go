package server

import (
	"context"
	"os"
	"syscall"
	"time"

	"github.com/emend-project/emend/internal/search"
)

// ReloadEvery is how often Watch looks at the index file.
const ReloadEvery = 2 * time.Second

// fileID tells one version of a file from another: emend index replaces
// the index by a rename, which changes its inode, and its time and size.
type fileID struct {
	ino, size uint64
	mtime     time.Time
}

func idOf(path string) (fileID, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileID{}, err
	}
	id := fileID{size: uint64(fi.Size()), mtime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.ino = uint64(st.Ino)
	}
	return id, nil
}

// Watch looks at the index file every `every` until ctx is done, and
// when it has been replaced, loads the new one and swaps it in: requests
// are answered from the old index until the new one is ready, so there
// is no gap. A file that cannot be loaded (being written by hand, or
// damaged) is logged and the old index kept; it is tried again when it
// changes again.
func (s *Server) Watch(ctx context.Context, path string, every time.Duration) {
	last, _ := idOf(path)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		id, err := idOf(path)
		if err != nil || id == last {
			continue
		}
		last = id
		t0 := time.Now()
		ix, err := search.Load(path)
		if err != nil {
			s.metrics.reloadFailures.Add(1)
			if s.Log != nil {
				s.Log.Warn("index changed but cannot be loaded; still serving the old one", "error", err.Error())
			}
			continue
		}
		s.Swap(ix)
		s.metrics.reloads.Add(1)
		if s.Log != nil {
			st := ix.Stats()
			s.Log.Info("reloaded the index", "episodes", st.Episodes, "segments", st.Segments, "ms", time.Since(t0).Milliseconds())
		}
	}
}
