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

// stream is inOrder for items that arrive one at a time, as a history's
// changes do from git's output: add hands an item to the workers, and
// use gets the results in the order the items were added, on one
// goroutine of its own. At most streamAhead results wait to be used; add
// waits when that many are pending.
type stream[I, O any] struct {
	jobs  chan streamJob[I, O]
	order chan chan O
	done  chan struct{}
	wg    sync.WaitGroup
}

type streamJob[I, O any] struct {
	item I
	out  chan O
}

func newStream[I, O any](work func(I) O, use func(O)) *stream[I, O] {
	workers := max(1, runtime.GOMAXPROCS(0))
	s := &stream[I, O]{
		jobs:  make(chan streamJob[I, O]),
		order: make(chan chan O, streamAhead),
		done:  make(chan struct{}),
	}
	for range workers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for j := range s.jobs {
				j.out <- work(j.item)
			}
		}()
	}
	go func() {
		defer close(s.done)
		for out := range s.order {
			use(<-out)
		}
	}()
	return s
}

// add queues an item.
func (s *stream[I, O]) add(item I) {
	out := make(chan O, 1)
	s.order <- out
	s.jobs <- streamJob[I, O]{item, out}
}

// wait returns once every item added has been used. The stream cannot be
// used after it.
func (s *stream[I, O]) wait() {
	close(s.jobs)
	close(s.order)
	s.wg.Wait()
	<-s.done
}

// streamAhead bounds the results of a stream computed ahead of their use.
const streamAhead = 64
