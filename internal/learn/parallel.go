package learn

import (
	"runtime"
	"sort"
	"sync"
)

// inOrder computes work for each key on every core and hands the results
// to use one at a time, in the keys' order: the passes over the text at
// the history's end (a catalogue's worth of words, read four times) spend
// their time in reading words and matching, which needs no shared state,
// and little in counting, which does. At most lookahead results wait to
// be used.
func inOrder[T any](keys []string, work func(key string) T, use func(key string, v T)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(keys) < 2 {
		for _, k := range keys {
			use(k, work(k))
		}
		return
	}
	lookahead := 4 * workers
	type slot struct {
		v    T
		done chan struct{}
	}
	slots := make([]slot, len(keys))
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	next := make(chan int)
	// free has a token for each result that may be computed ahead of
	// use, so a slow consumer bounds the memory held.
	free := make(chan struct{}, lookahead)
	for range lookahead {
		free <- struct{}{}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				slots[i].v = work(keys[i])
				close(slots[i].done)
			}
		}()
	}
	go func() {
		for i := range keys {
			<-free
			next <- i
		}
		close(next)
	}()
	for i, k := range keys {
		<-slots[i].done
		use(k, slots[i].v)
		var zero T
		slots[i].v = zero
		free <- struct{}{}
	}
	wg.Wait()
}

// sortedKeys returns the keys of a map of texts in order.
func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
