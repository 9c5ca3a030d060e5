// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/landscape/sweep"
)

// tiny is a sweep of real Safran–Shamir runs without extra neurons (each a
// few milliseconds): k = 6, 8, 10 includes spurious minima with seed 1.
func tiny(dir string) Config {
	return Config{K: []int{6, 8, 10}, Extra: []int{0}, Runs: 6, Seed: 1, JSON: filepath.Join(dir, "rows.jsonl")}
}

// readRows parses a -json file strictly: every line an object with exactly
// the fields of the issue.
func readRows(t *testing.T, path string) ([]Row, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &fields); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var names []string
		for f := range fields {
			names = append(names, f)
		}
		slices.Sort(names)
		if want := []string{"global", "k", "n", "runs", "saddle", "spurious", "types"}; !slices.Equal(names, want) {
			t.Fatalf("line %d has fields %v, want %v", i+1, names, want)
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r Row
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if r.Types == nil {
			t.Fatalf("line %d: types is null, want an object", i+1)
		}
		rows = append(rows, r)
	}
	return rows, data
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	c := tiny(dir)
	c.Plots = filepath.Join(dir, "plots")
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), c, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr without -progress: %q", errOut.String())
	}
	rows, data := readRows(t, c.JSON)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	spurious := 0
	for i, r := range rows {
		if r.K != c.K[i] || r.N != r.K || r.Runs != c.Runs || r.Global+r.Spurious+r.Saddle != r.Runs {
			t.Errorf("row %+v inconsistent", r)
		}
		n := 0
		for typ, cnt := range r.Types {
			n += cnt
			if !strings.HasPrefix(typ, "(") {
				t.Errorf("row k=%d: type %q", r.K, typ)
			}
		}
		if n != r.Spurious {
			t.Errorf("row k=%d: %d typed spurious minima, want %d", r.K, n, r.Spurious)
		}
		spurious += r.Spurious
		if !tableHas(out.String(), r) {
			t.Errorf("table lacks the row k=%d:\n%s", r.K, out.String())
		}
	}
	// Safran–Shamir: spurious minima are found among 18 runs at k ≤ 10
	// (a regression check on this seed, not a statistical claim).
	if spurious == 0 {
		t.Errorf("no spurious minimum in %d runs", 3*c.Runs)
	}
	f, err := os.Open(filepath.Join(c.Plots, "spurious.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("figure: %v", err)
	}

	// Determinism: another number of workers, another directory, the
	// same bytes.
	dir2 := t.TempDir()
	c2 := tiny(dir2)
	c2.Workers = 1
	var out2 bytes.Buffer
	if err := Run(context.Background(), c2, &out2, &errOut); err != nil {
		t.Fatal(err)
	}
	if _, data2 := readRows(t, c2.JSON); !bytes.Equal(data, data2) {
		t.Errorf("rows differ between 1 worker and GOMAXPROCS:\n%s\n%s", data, data2)
	}
	if out.String() != out2.String() {
		t.Errorf("tables differ:\n%s\n%s", out.String(), out2.String())
	}
	// Running again over an existing checkpoint needs -resume, which
	// then runs nothing.
	if err := Run(context.Background(), c2, &out2, &errOut); !errors.Is(err, sweep.ErrCheckpointExists) {
		t.Errorf("rerun without resume: got %v, want ErrCheckpointExists", err)
	}
	c2.Resume = true
	var out3 bytes.Buffer
	withRunner(t, func(context.Context, *landscape.Settings, sweep.Job) (Outcome, error) {
		t.Error("a finished run was run again")
		return Outcome{}, nil
	})
	if err := Run(context.Background(), c2, &out3, &errOut); err != nil {
		t.Fatal(err)
	}
	if out3.String() != out2.String() {
		t.Errorf("resumed finished sweep prints another table")
	}
}

// tableHas reports whether the table has a line for row r with its counts.
func tableHas(table string, r Row) bool {
	want := fmt.Sprint(r.K, r.N, r.Runs, r.Global, r.Spurious, r.Saddle)
	for line := range strings.SplitSeq(table, "\n") {
		if f := strings.Fields(line); len(f) >= 6 && strings.Join(f[:6], " ") == want {
			return true
		}
	}
	return false
}

// withRunner replaces runOne for the duration of the test.
func withRunner(t *testing.T, f func(context.Context, *landscape.Settings, sweep.Job) (Outcome, error)) {
	old := runOne
	runOne = f
	t.Cleanup(func() { runOne = old })
}

// TestResume interrupts a sweep three times and resumes it, and checks that
// every run completed exactly once and that the rows equal those of an
// uninterrupted sweep.
func TestResume(t *testing.T) {
	small := func() Config {
		c := tiny(t.TempDir())
		c.K, c.Runs = []int{6, 8}, 8
		return c
	}
	c := small()
	if err := Run(context.Background(), c, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	_, want := readRows(t, c.JSON)

	c = small()
	var (
		mu        sync.Mutex
		completed = make(map[string]int)
		cancel    context.CancelFunc
		stopAfter int
	)
	withRunner(t, func(ctx context.Context, s *landscape.Settings, j sweep.Job) (Outcome, error) {
		o, err := safranRun(ctx, s, j)
		if err != nil {
			return o, err
		}
		mu.Lock()
		defer mu.Unlock()
		completed[j.Key.String()]++
		stopAfter--
		if stopAfter == 0 {
			cancel()
		}
		return o, nil
	})
	for attempt, stop := range []int{4, 9, 1, -1} {
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		stopAfter = stop
		c.Resume = attempt > 0
		var errOut bytes.Buffer
		err := Run(ctx, c, new(bytes.Buffer), &errOut)
		cancel()
		if stop < 0 {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("attempt %d: got %v, want context.Canceled", attempt, err)
		}
		if !strings.Contains(errOut.String(), "-resume") {
			t.Errorf("attempt %d: no resume hint: %q", attempt, errOut.String())
		}
	}
	if _, got := readRows(t, c.JSON); !bytes.Equal(got, want) {
		t.Errorf("resumed rows differ from an uninterrupted sweep:\n%s\n%s", got, want)
	}
	total := 0
	for key, n := range completed {
		if n != 1 {
			t.Errorf("run %v completed %d times", key, n)
		}
		total += n
	}
	if total != len(c.K)*c.Runs {
		t.Errorf("%d runs completed, want %d", total, len(c.K)*c.Runs)
	}
}

// TestShards runs a sweep as three shards (two from Slurm and Kubernetes
// environments) and merges them: the rows equal the single-process rows.
func TestShards(t *testing.T) {
	dir := t.TempDir()
	c := tiny(dir)
	if err := Run(context.Background(), c, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	_, want := readRows(t, c.JSON)

	envs := []map[string]string{
		nil,
		{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"},
		{"JOB_COMPLETION_INDEX": "2"},
	}
	specs := []string{"0/3", "auto", "auto/3"}
	for i := range 3 {
		s := tiny(dir)
		s.JSON = ""
		s.Checkpoint = filepath.Join(dir, fmt.Sprintf("shard-%d.ckpt.jsonl", i))
		if i == 2 {
			// A directory: the file is named after the shard.
			s.Checkpoint = filepath.Join(dir, "ckpt") + "/"
		}
		s.Shard = specs[i]
		s.Getenv = func(k string) string { return envs[i][k] }
		s.Workers = i + 1
		var out bytes.Buffer
		if err := Run(context.Background(), s, &out, new(bytes.Buffer)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), fmt.Sprintf("shard %d/3 only", i)) {
			t.Errorf("shard %d: output does not say it is partial:\n%s", i, out.String())
		}
	}
	m := tiny(dir)
	m.JSON = filepath.Join(dir, "merged.jsonl")
	m.Merge = []string{filepath.Join(dir, "shard-*.ckpt.jsonl"), filepath.Join(dir, "ckpt", "*")}
	if _, err := os.Stat(filepath.Join(dir, "ckpt", "spurious-2-of-3.ckpt.jsonl")); err != nil {
		t.Errorf("checkpoint directory: %v", err)
	}
	var out bytes.Buffer
	if err := Run(context.Background(), m, &out, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if _, got := readRows(t, m.JSON); !bytes.Equal(got, want) {
		t.Errorf("merged rows differ from one process:\n%s\n%s", got, want)
	}
	// Two of three shards are not the sweep.
	m.Merge = []string{filepath.Join(dir, "shard-0.ckpt.jsonl"), filepath.Join(dir, "ckpt", "*")}
	if err := Run(context.Background(), m, &out, new(bytes.Buffer)); !errors.Is(err, sweep.ErrIncomplete) {
		t.Errorf("merging 2 of 3 shards: got %v, want ErrIncomplete", err)
	}
	// Nor is another seed's sweep.
	m.Merge = []string{filepath.Join(dir, "shard-*.ckpt.jsonl"), filepath.Join(dir, "ckpt", "*")}
	m.Seed = 2
	if err := Run(context.Background(), m, &out, new(bytes.Buffer)); !errors.Is(err, sweep.ErrMismatch) {
		t.Errorf("merging with another seed: got %v, want ErrMismatch", err)
	}
	// A shard needs a checkpoint.
	s := tiny(dir)
	s.JSON, s.Shard = "", "1/3"
	if err := Run(context.Background(), s, &out, new(bytes.Buffer)); err == nil {
		t.Errorf("shard without checkpoint: no error")
	}
}

func TestSummarize(t *testing.T) {
	c := Config{K: []int{7, 6}, Extra: []int{0, 2}, Runs: 3}
	var res []sweep.Result[Outcome]
	add := func(k, n int, o Outcome) {
		res = append(res, sweep.Result[Outcome]{Job: sweep.Job{Key: sweep.Key{k, n, len(res)}}, Value: o})
	}
	add(6, 6, Outcome{Verdict: Global})
	add(6, 6, Outcome{Verdict: Spurious, Type: "(5,1)"})
	add(6, 6, Outcome{Verdict: Spurious, Type: "(5,1)"})
	add(6, 8, Outcome{Verdict: Saddle})
	add(6, 8, Outcome{Verdict: Degenerate})
	add(6, 8, Outcome{Verdict: Undecided})
	add(7, 7, Outcome{Verdict: Spurious, Type: "(6,1)"})
	add(7, 7, Outcome{Verdict: Spurious, Type: "(5,2)"})
	add(7, 7, Outcome{Verdict: Global})
	got := Summarize(c, res)
	want := []Row{
		{K: 7, N: 7, Runs: 3, Global: 1, Spurious: 2, Types: map[string]int{"(6,1)": 1, "(5,2)": 1}},
		{K: 6, N: 6, Runs: 3, Global: 1, Spurious: 2, Types: map[string]int{"(5,1)": 2}},
		{K: 6, N: 8, Runs: 3, Saddle: 3, Types: map[string]int{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize:\ngot  %+v\nwant %+v", got, want)
	}
	if s := formatTypes(want[0].Types); s != "(5,2)×1 (6,1)×1" {
		t.Errorf("formatTypes = %q", s)
	}
	b, _ := json.Marshal(want[2])
	if string(b) != `{"k":6,"n":8,"runs":3,"global":0,"spurious":0,"saddle":3,"types":{}}` {
		t.Errorf("row JSON %s", b)
	}
}

// TestOrbits checks that Summarize merges spurious minima equal up to
// W ↦ P W Qᵀ into one orbit.
func TestOrbits(t *testing.T) {
	c := Config{K: []int{2}, Extra: []int{0}, Runs: 4}
	var res []sweep.Result[Outcome]
	for i, w := range [][]float64{
		{1, 2, 3, 4},
		{4, 3, 2, 1}, // rows and columns swapped: the same orbit
		{1, 2, 3, 5},
		{1, 2, 3, 4 + 1e-9}, // within the symmetry tolerance
	} {
		res = append(res, sweep.Result[Outcome]{Job: sweep.Job{Key: sweep.Key{2, 2, i}}, Value: Outcome{Verdict: Spurious, Type: "(1,1)", W: w}})
	}
	rows := Summarize(c, res)
	if len(rows) != 1 || rows[0].Orbits != 2 || rows[0].Spurious != 4 || rows[0].Types["(1,1)"] != 4 {
		t.Errorf("Summarize: %+v, want 4 spurious minima in 2 orbits", rows)
	}
}

func TestWilson(t *testing.T) {
	z := 1.959963984540054 // Φ⁻¹(0.975)
	for _, test := range []struct{ x, n int }{
		{0, 10}, {10, 10}, {5, 10}, {1, 29}, {15, 148}, {81, 263}, {0, 1}, {1, 1}, {499, 500},
	} {
		lo, hi := Wilson(test.x, test.n, 0.95)
		n := float64(test.n)
		ph := float64(test.x) / n
		if !(0 <= lo && lo <= ph && ph <= hi && hi <= 1) {
			t.Errorf("Wilson(%d, %d) = [%g, %g] does not contain %g within [0, 1]", test.x, test.n, lo, hi, ph)
		}
		// The endpoints are where the score test is on the edge:
		// |p̂ − p| = z √(p(1 − p)/n). At x = 0 the lower endpoint is 0
		// (clamped) and at x = n the upper is 1.
		for _, p := range []float64{lo, hi} {
			if (p == 0 && test.x == 0) || (p == 1 && test.x == test.n) {
				continue
			}
			// Tolerance: a few ulps of the quantities involved.
			if d := abs(abs(ph-p) - z*math.Sqrt(p*(1-p)/n)); d > 1e-14 {
				t.Errorf("Wilson(%d, %d): endpoint %g is %g off the score boundary", test.x, test.n, p, d)
			}
		}
	}
	// Closed forms at the extremes: hi = z²/(n + z²) at x = 0 and
	// lo = n/(n + z²) at x = n; for n = 10 these are 0.27753 and 0.72247.
	if _, hi := Wilson(0, 10, 0.95); abs(hi-z*z/(10+z*z)) > 1e-15 || abs(hi-0.27753) > 5e-6 {
		t.Errorf("Wilson(0, 10) upper %g", hi)
	}
	if lo, _ := Wilson(10, 10, 0.95); abs(lo-10/(10+z*z)) > 1e-15 || abs(lo-0.72247) > 5e-6 {
		t.Errorf("Wilson(10, 10) lower %g", lo)
	}
	for _, bad := range [][2]int{{-1, 10}, {11, 10}, {0, 0}} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("Wilson(%d, %d): no panic", bad[0], bad[1])
				}
			}()
			Wilson(bad[0], bad[1], 0.95)
		}()
	}
}

func abs(x float64) float64 { return max(x, -x) }

// TestWilsonCoverage checks by simulation that the 95% interval covers the
// true proportion about 95% of the time.
func TestWilsonCoverage(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	const trials = 20000
	for _, test := range []struct {
		n int
		p float64
	}{{40, 0.1}, {40, 0.5}, {100, 0.3}} {
		covered := 0
		for range trials {
			x := 0
			for range test.n {
				if rnd.Float64() < test.p {
					x++
				}
			}
			if lo, hi := Wilson(x, test.n, 0.95); lo <= test.p && test.p <= hi {
				covered++
			}
		}
		cov := float64(covered) / trials
		// Wilson's coverage oscillates within about ±2.5% of the
		// nominal 95% at these n (Brown, Cai and DasGupta 2001, Fig. 5);
		// the simulation's own standard error is √(0.05·0.95/20000) ≈
		// 0.0015, so [0.92, 0.98] leaves room for both.
		if cov < 0.92 || cov > 0.98 {
			t.Errorf("n=%d p=%g: coverage %.4f, want about 0.95", test.n, test.p, cov)
		}
	}
}
