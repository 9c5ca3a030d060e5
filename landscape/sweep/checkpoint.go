// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"
)

// format identifies the checkpoint format in its header line.
const format = "relulab/sweep v1"

// header is the first line of a checkpoint.
type header struct {
	Format string `json:"format"`
	Seed   uint64 `json:"seed"`
	Config string `json:"config"`
	Keys   string `json:"keys"`
	Jobs   int    `json:"jobs"`
	Shard  string `json:"shard"`
}

// record is one finished job: a line of a checkpoint after the header.
type record struct {
	I     int             `json:"i"`
	Key   Key             `json:"key"`
	Seed  uint64          `json:"seed"`
	Value json.RawMessage `json:"value"`
}

// newHeader returns the header of a checkpoint for shard s of plan p.
func newHeader(p Plan, s Shard) header {
	return header{Format: format, Seed: p.Seed, Config: p.Config, Keys: p.keysHash(), Jobs: p.Len(), Shard: s.String()}
}

// parseHeader parses a header line.
func parseHeader(line []byte) (header, error) {
	var h struct {
		Format *string `json:"format"`
		Seed   *uint64 `json:"seed"`
		Config *string `json:"config"`
		Keys   *string `json:"keys"`
		Jobs   *int    `json:"jobs"`
		Shard  *string `json:"shard"`
	}
	if err := json.Unmarshal(line, &h); err != nil {
		return header{}, err
	}
	if h.Format == nil || *h.Format != format {
		return header{}, fmt.Errorf("not a %q header", format)
	}
	if h.Seed == nil || h.Config == nil || h.Keys == nil || h.Jobs == nil || h.Shard == nil {
		return header{}, errors.New("header lacks a field")
	}
	return header{Format: *h.Format, Seed: *h.Seed, Config: *h.Config, Keys: *h.Keys, Jobs: *h.Jobs, Shard: *h.Shard}, nil
}

// parseRecord parses a record line. It requires the fields i, key, seed
// and value, i ≥ 0 and a valid JSON value.
func parseRecord(line []byte) (record, error) {
	var r struct {
		I     *int            `json:"i"`
		Key   *Key            `json:"key"`
		Seed  *uint64         `json:"seed"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return record{}, err
	}
	if r.I == nil || r.Key == nil || r.Seed == nil || r.Value == nil {
		return record{}, errors.New("record lacks a field")
	}
	if *r.I < 0 {
		return record{}, fmt.Errorf("negative job index %d", *r.I)
	}
	return record{I: *r.I, Key: *r.Key, Seed: *r.Seed, Value: r.Value}, nil
}

// parseCheckpoint parses the contents of a checkpoint: a header line, then
// one record per line; blank lines are skipped. A last line without '\n'
// that does not parse is torn (a write cut short by a killed process) and
// ignored. parseCheckpoint returns the header (nil when data holds none),
// the records in file order and n, the length of the valid prefix of data
// (data without its torn line). Any other malformed line is an error
// wrapping ErrCorrupt, with its line number.
func parseCheckpoint(data []byte) (h *header, recs []record, n int, err error) {
	line := 0
	for off := 0; off < len(data); {
		line++
		end := bytes.IndexByte(data[off:], '\n')
		last := end < 0
		if last {
			end = len(data)
		} else {
			end += off
		}
		text := bytes.TrimSpace(data[off:end])
		next := end + 1
		if last {
			next = end
		}
		if len(text) == 0 {
			if last {
				return h, recs, off, nil
			}
			off = next
			continue
		}
		var perr error
		if h == nil {
			var hd header
			if hd, perr = parseHeader(text); perr == nil {
				h = &hd
			}
		} else {
			var r record
			if r, perr = parseRecord(text); perr == nil {
				recs = append(recs, r)
			}
		}
		if perr != nil {
			if last {
				return h, recs, off, nil
			}
			return nil, nil, 0, fmt.Errorf("%w: line %d: %v", ErrCorrupt, line, perr)
		}
		off = next
	}
	return h, recs, len(data), nil
}

// check returns an error wrapping ErrMismatch if h was not written for plan
// p, or, when s is not nil, for shard *s.
func (h *header) check(p Plan, s *Shard) error {
	want := newHeader(p, Shard{})
	switch {
	case h.Seed != want.Seed:
		return fmt.Errorf("%w: seed %d, want %d", ErrMismatch, h.Seed, want.Seed)
	case h.Config != want.Config:
		return fmt.Errorf("%w: config %q, want %q", ErrMismatch, h.Config, want.Config)
	case h.Jobs != want.Jobs || h.Keys != want.Keys:
		return fmt.Errorf("%w: a different job list (%d jobs, keys %.12s…; want %d jobs, keys %.12s…)", ErrMismatch, h.Jobs, h.Keys, want.Jobs, want.Keys)
	case s != nil && h.Shard != s.String():
		return fmt.Errorf("%w: shard %s, want %s", ErrMismatch, h.Shard, s.String())
	}
	return nil
}

// decodeRecords checks each record against plan p (index in range, key
// and seed of that job, and, when s is not nil, in shard *s), decodes its
// value into an R and adds it to done. A record of a job already in done
// is an error. Errors wrap ErrCorrupt.
func decodeRecords[R any](p Plan, recs []record, s *Shard, done map[int]Result[R]) error {
	for _, r := range recs {
		if r.I >= p.Len() {
			return fmt.Errorf("%w: job index %d out of range [0,%d)", ErrCorrupt, r.I, p.Len())
		}
		j := p.Job(r.I)
		if !slices.Equal(r.Key, j.Key) || r.Seed != j.Seed {
			return fmt.Errorf("%w: job %d recorded as key %v seed %d, want key %v seed %d", ErrCorrupt, r.I, r.Key, r.Seed, j.Key, j.Seed)
		}
		if s != nil && r.I%s.N != s.I {
			return fmt.Errorf("%w: job %d is not in shard %v", ErrCorrupt, r.I, *s)
		}
		if _, ok := done[r.I]; ok {
			return fmt.Errorf("%w: job %d %v recorded twice", ErrCorrupt, r.I, j.Key)
		}
		var v R
		if err := json.Unmarshal(r.Value, &v); err != nil {
			return fmt.Errorf("%w: job %d %v: %v", ErrCorrupt, r.I, j.Key, err)
		}
		done[r.I] = Result[R]{Job: j, Value: v}
	}
	return nil
}

// writer appends records to a checkpoint. With a positive interval a
// goroutine fsyncs the file every interval while records are unsynced;
// with a negative one every record is synced as it is written.
type writer struct {
	f        *os.File
	interval time.Duration

	mu      sync.Mutex
	dirty   bool  // records written since the last fsync
	syncErr error // the first failed background fsync
	stop    chan struct{}
	stopped chan struct{}
}

// openCheckpoint opens the checkpoint at path for shard s of plan p. An
// absent or empty file (or one holding only a torn header) is started with
// a header. Otherwise resume must be true; the header must match, the
// records are decoded into done, a torn last line is truncated away and
// the returned writer appends after the last record.
func openCheckpoint[R any](path string, p Plan, s Shard, resume bool, interval time.Duration) (w *writer, done map[int]Result[R], err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: checkpoint: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: checkpoint %s: %w", path, err)
	}
	h, recs, n, err := parseCheckpoint(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if interval == 0 {
		interval = time.Second
	}
	w = &writer{f: f, interval: interval}
	done = make(map[int]Result[R])
	if h == nil {
		if err := f.Truncate(0); err != nil {
			return nil, nil, fmt.Errorf("sweep: checkpoint %s: %w", path, err)
		}
		if err := w.line(newHeader(p, s)); err != nil {
			return nil, nil, err
		}
		if err := w.sync(); err != nil {
			return nil, nil, err
		}
		w.start()
		return w, done, nil
	}
	if !resume {
		return nil, nil, fmt.Errorf("%w: %s", ErrCheckpointExists, path)
	}
	if err := h.check(p, &s); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := decodeRecords(p, recs, &s, done); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if n < len(data) {
		if err := f.Truncate(int64(n)); err != nil {
			return nil, nil, fmt.Errorf("sweep: checkpoint %s: %w", path, err)
		}
	}
	if n > 0 && data[n-1] != '\n' {
		// A complete last record whose newline was not written.
		if _, err := f.Write([]byte{'\n'}); err != nil {
			return nil, nil, fmt.Errorf("sweep: checkpoint %s: %w", path, err)
		}
	}
	if err := w.sync(); err != nil {
		return nil, nil, err
	}
	w.start()
	return w, done, nil
}

// start starts the background fsyncs when the interval is positive.
func (w *writer) start() {
	if w.interval < 0 {
		return
	}
	w.stop, w.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(w.stopped)
		t := time.NewTicker(w.interval)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.mu.Lock()
				if w.dirty {
					if err := w.sync(); err != nil && w.syncErr == nil {
						w.syncErr = err
					}
				}
				w.mu.Unlock()
			}
		}
	}()
}

// line writes v as one JSON line with a single write.
func (w *writer) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sweep: checkpoint %s: %w", w.f.Name(), err)
	}
	b = append(b, '\n')
	if _, err := w.f.Write(b); err != nil {
		return fmt.Errorf("sweep: checkpoint: %w", err)
	}
	return nil
}

// append records the finished job j with value v. It returns the error of
// a failed background fsync, if any.
func (w *writer) append(j Job, v any) error {
	val, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("sweep: job %d %v: encoding the result: %w", j.Index, j.Key, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.syncErr != nil {
		return w.syncErr
	}
	if err := w.line(record{I: j.Index, Key: j.Key, Seed: j.Seed, Value: val}); err != nil {
		return err
	}
	w.dirty = true
	if w.interval < 0 {
		return w.sync()
	}
	return nil
}

// sync flushes the file to stable storage. The caller holds w.mu or owns w
// alone.
func (w *writer) sync() error {
	w.dirty = false
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("sweep: checkpoint: %w", err)
	}
	return nil
}

// close stops the background fsyncs, syncs and closes the file.
func (w *writer) close() error {
	if w.stop != nil {
		close(w.stop)
		<-w.stopped
	}
	err := w.syncErr
	if serr := w.sync(); err == nil {
		err = serr
	}
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("sweep: checkpoint: %w", cerr)
	}
	return err
}

// Merge combines the checkpoints at paths, written by the shards of plan p
// (or by one unsharded run), into the results of the whole sweep in index
// order: equal, value for value, to those of a single-process Run of p.
// Every file must have been written for p (else the error wraps
// ErrMismatch); an empty file contributes nothing; a torn last line is
// ignored. A job recorded in two files is an error wrapping ErrCorrupt.
// When jobs are missing, Merge returns the results it has with an error
// wrapping ErrIncomplete. Merge panics if two keys of p are equal.
func Merge[R any](p Plan, paths ...string) ([]Result[R], error) {
	p.checkKeys()
	done := make(map[int]Result[R])
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("sweep: merge: %w", err)
		}
		h, recs, _, err := parseCheckpoint(data)
		if err != nil {
			return nil, fmt.Errorf("sweep: merge %s: %w", path, err)
		}
		if h == nil {
			continue
		}
		if err := h.check(p, nil); err != nil {
			return nil, fmt.Errorf("sweep: merge %s: %w", path, err)
		}
		if err := decodeRecords(p, recs, nil, done); err != nil {
			return nil, fmt.Errorf("sweep: merge %s: %w", path, err)
		}
	}
	results := make([]Result[R], 0, len(done))
	for _, r := range done {
		results = append(results, r)
	}
	slices.SortFunc(results, func(a, b Result[R]) int { return a.Index - b.Index })
	if len(results) < p.Len() {
		first := 0
		for first < len(results) && results[first].Index == first {
			first++
		}
		return results, fmt.Errorf("%w: %d of %d jobs missing, the first is job %d %v", ErrIncomplete, p.Len()-len(results), p.Len(), first, p.Keys[first])
	}
	return results, nil
}
