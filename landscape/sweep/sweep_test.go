// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relulab/relulab/landscape/sweep"
)

// value is the synthetic result of a job.
type value struct {
	Mean  float64 `json:"mean"`
	Max   float64 `json:"max"`
	Draws int     `json:"draws"`
	Key   string  `json:"key"`
}

// synthetic is a cheap job: the mean and maximum of a job-dependent number
// of normal draws from the job's generator. Its values exercise float
// round trips through the checkpoint.
func synthetic(_ context.Context, j sweep.Job) (value, error) {
	rnd := j.Rand()
	n := 1 + rnd.IntN(50)
	v := value{Max: math.Inf(-1), Draws: n, Key: j.Key.String()}
	for range n {
		x := rnd.NormFloat64()
		v.Mean += x / float64(n)
		v.Max = max(v.Max, x)
	}
	return v, nil
}

// plan returns a sweep over (k, n, run) like Safran–Shamir's, with
// 3·2·runs jobs.
func plan(seed uint64, runs int) sweep.Plan {
	p := sweep.Plan{Seed: seed, Config: fmt.Sprintf(`{"runs":%d}`, runs)}
	for k := 6; k < 9; k++ {
		for n := k; n < k+2; n++ {
			for r := range runs {
				p.Keys = append(p.Keys, sweep.Key{k, n, r})
			}
		}
	}
	return p
}

// counter counts completed executions of each job.
type counter struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *counter) add(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = make(map[int]int)
	}
	c.n[i]++
}

// counted wraps synthetic: it honours cancellation before computing and
// counts the executions that complete.
func (c *counter) counted(ctx context.Context, j sweep.Job) (value, error) {
	time.Sleep(20 * time.Microsecond)
	if err := ctx.Err(); err != nil {
		return value{}, err
	}
	v, err := synthetic(ctx, j)
	c.add(j.Index)
	return v, err
}

// reference runs p in one process on one worker without a checkpoint.
func reference(t *testing.T, p sweep.Plan) []sweep.Result[value] {
	t.Helper()
	res, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 1}, synthetic)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != p.Len() {
		t.Fatalf("reference: %d results for %d jobs", len(res), p.Len())
	}
	for i, r := range res {
		if r.Index != i || !reflect.DeepEqual(r.Key, p.Keys[i]) || r.Seed != sweep.Seed(p.Seed, p.Keys[i]) || r.Value.Key != p.Keys[i].String() {
			t.Fatalf("reference: result %d is %+v", i, r)
		}
	}
	return res
}

func TestDeterminism(t *testing.T) {
	p := plan(1, 20)
	want := reference(t, p)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		for _, workers := range []int{0, 1, 2, 7, 1000} {
			got, err := sweep.Run(context.Background(), p, sweep.Options{Workers: workers}, synthetic)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("GOMAXPROCS=%d workers=%d: results differ", procs, workers)
			}
		}
	}
	// With a checkpoint synced in the background every millisecond while
	// slow jobs finish.
	for _, interval := range []time.Duration{time.Millisecond, -1} {
		path := filepath.Join(t.TempDir(), "ckpt.jsonl")
		got, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 3, Checkpoint: path, SyncInterval: interval}, func(ctx context.Context, j sweep.Job) (value, error) {
			time.Sleep(200 * time.Microsecond)
			return synthetic(ctx, j)
		})
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("SyncInterval %v: results differ (%v)", interval, err)
		}
		if merged, err := sweep.Merge[value](p, path); err != nil || !reflect.DeepEqual(merged, want) {
			t.Errorf("SyncInterval %v: checkpoint differs (%v)", interval, err)
		}
	}
	// A job's value depends on its key and the seed, not on the rest of
	// the plan: a longer sweep contains the shorter one's results.
	long := reference(t, plan(1, 30))
	for _, r := range want {
		k := r.Key
		i := (k[0]-6)*2*30 + (k[1]-k[0])*30 + k[2]
		if !reflect.DeepEqual(long[i].Value, r.Value) || long[i].Seed != r.Seed {
			t.Fatalf("job %v differs in a longer sweep", k)
		}
	}
	// Another seed gives other values.
	other := reference(t, plan(2, 20))
	if reflect.DeepEqual(other[0].Value, want[0].Value) {
		t.Errorf("seeds 1 and 2 give the same first job")
	}
}

func TestResume(t *testing.T) {
	p := plan(3, 25)
	want := reference(t, p)
	for _, workers := range []int{1, 3} {
		path := filepath.Join(t.TempDir(), "ckpt.jsonl")
		var c counter
		// Interrupt after 7, 30 and 31 more jobs, then finish.
		var got []sweep.Result[value]
		for attempt, stopAfter := range []int{7, 30, 31, -1} {
			ctx, cancel := context.WithCancel(context.Background())
			start := -1
			o := sweep.Options{
				Workers:    workers,
				Checkpoint: path,
				Resume:     attempt > 0,
				Progress: func(done, total int) {
					if total != p.Len() {
						t.Errorf("progress total %d, want %d", total, p.Len())
					}
					if start < 0 {
						start = done
					}
					if stopAfter >= 0 && done-start >= stopAfter {
						cancel()
					}
				},
			}
			res, err := sweep.Run(ctx, p, o, c.counted)
			cancel()
			if stopAfter < 0 {
				if err != nil {
					t.Fatalf("workers=%d: final attempt: %v", workers, err)
				}
				got = res
				break
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("workers=%d attempt %d: got error %v, want context.Canceled", workers, attempt, err)
			}
			if len(res) < start+stopAfter || len(res) >= p.Len() {
				t.Fatalf("workers=%d attempt %d: %d results after starting from %d and stopping after %d", workers, attempt, len(res), start, stopAfter)
			}
			// The partial results are those of the reference.
			for _, r := range res {
				if !reflect.DeepEqual(r, want[r.Index]) {
					t.Fatalf("workers=%d attempt %d: job %d differs", workers, attempt, r.Index)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("workers=%d: resumed results differ from an uninterrupted run", workers)
		}
		for i := range p.Len() {
			if c.n[i] != 1 {
				t.Errorf("workers=%d: job %d completed %d times, want once", workers, i, c.n[i])
			}
		}
		// A finished checkpoint resumes to the same results without
		// running anything.
		res, err := sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path, Resume: true}, func(context.Context, sweep.Job) (value, error) {
			t.Fatal("job run again")
			return value{}, nil
		})
		if err != nil || !reflect.DeepEqual(res, want) {
			t.Errorf("workers=%d: reading the finished checkpoint: %v", workers, err)
		}
		merged, err := sweep.Merge[value](p, path)
		if err != nil || !reflect.DeepEqual(merged, want) {
			t.Errorf("workers=%d: merging the finished checkpoint: %v", workers, err)
		}
	}
}

// TestTornLine checks recovery from a last line cut short, and from a
// complete last line whose newline is missing.
func TestTornLine(t *testing.T) {
	p := plan(4, 10)
	want := reference(t, p)
	for _, test := range []struct {
		name string
		cut  func(line string) string // of the last record line
		lost bool                     // whether the cut loses the record
	}{
		{"torn", func(l string) string { return l[:len(l)/2] }, true},
		{"newline lost", func(l string) string { return strings.TrimSuffix(l, "\n") }, false},
		{"one byte", func(l string) string { return l[:1] }, true},
	} {
		path := filepath.Join(t.TempDir(), "ckpt.jsonl")
		ctx, cancel := context.WithCancel(context.Background())
		_, err := sweep.Run(ctx, p, sweep.Options{Workers: 1, Checkpoint: path, Progress: func(done, _ int) {
			if done == 10 {
				cancel()
			}
		}}, synthetic)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: %v", test.name, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		lines = lines[:len(lines)-1] // the empty string after the last "\n"
		// A job taken before the cancellation is seen may finish too.
		if len(lines) < 11 || len(lines) > 12 {
			t.Fatalf("%s: %d lines, want a header and 10 or 11 records", test.name, len(lines))
		}
		wantRuns := p.Len() - (len(lines) - 1)
		if test.lost {
			wantRuns++
		}
		last := len(lines) - 1
		lines[last] = test.cut(lines[last])
		if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int64
		got, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 2, Checkpoint: path, Resume: true}, func(ctx context.Context, j sweep.Job) (value, error) {
			runs.Add(1)
			return synthetic(ctx, j)
		})
		if err != nil {
			t.Fatalf("%s: resume: %v", test.name, err)
		}
		if int(runs.Load()) != wantRuns {
			t.Errorf("%s: resume ran %d jobs, want %d", test.name, runs.Load(), wantRuns)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: results differ from an uninterrupted run", test.name)
		}
		// The file is whole again: it merges to the full sweep, and
		// every line ends in a newline.
		data, _ = os.ReadFile(path)
		if n := bytes.Count(data, []byte("\n")); n != p.Len()+1 || data[len(data)-1] != '\n' {
			t.Errorf("%s: checkpoint has %d lines, want %d", test.name, n, p.Len()+1)
		}
		if merged, err := sweep.Merge[value](p, path); err != nil || !reflect.DeepEqual(merged, want) {
			t.Errorf("%s: merge after resume: %v", test.name, err)
		}
	}
}

func TestShardMerge(t *testing.T) {
	p := plan(5, 17)
	want := reference(t, p)
	dir := t.TempDir()
	const n = 3
	var paths []string
	for i := range n {
		path := filepath.Join(dir, fmt.Sprintf("shard%d.jsonl", i))
		paths = append(paths, path)
		res, err := sweep.Run(context.Background(), p, sweep.Options{Workers: i + 1, Shard: sweep.Shard{I: i, N: n}, Checkpoint: path}, synthetic)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Index%n != i {
				t.Errorf("shard %d ran job %d", i, r.Index)
			}
		}
	}
	got, err := sweep.Merge[value](p, paths...)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged shards differ from one process")
	}
	// In any order.
	got, err = sweep.Merge[value](p, paths[2], paths[0], paths[1])
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("merged shards in another order differ: %v", err)
	}
	// Missing a shard.
	got, err = sweep.Merge[value](p, paths[0], paths[2])
	if !errors.Is(err, sweep.ErrIncomplete) {
		t.Errorf("merging 2 of 3 shards: got %v, want ErrIncomplete", err)
	}
	if len(got) != len(want)-len(want)/n {
		t.Errorf("merging 2 of 3 shards: %d results", len(got))
	}
	// A shard twice.
	if _, err := sweep.Merge[value](p, paths[0], paths[1], paths[2], paths[1]); !errors.Is(err, sweep.ErrCorrupt) {
		t.Errorf("merging a shard twice: got %v, want ErrCorrupt", err)
	}
	// Another plan.
	if _, err := sweep.Merge[value](plan(6, 17), paths...); !errors.Is(err, sweep.ErrMismatch) {
		t.Errorf("merging with another seed: got %v, want ErrMismatch", err)
	}
}

func TestMismatch(t *testing.T) {
	p := plan(7, 4)
	path := filepath.Join(t.TempDir(), "ckpt.jsonl")
	if _, err := sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path, Shard: sweep.Shard{I: 1, N: 2}}, synthetic); err != nil {
		t.Fatal(err)
	}
	other := func(f func(*sweep.Plan)) sweep.Plan {
		q := plan(7, 4)
		f(&q)
		return q
	}
	for _, test := range []struct {
		name  string
		p     sweep.Plan
		shard sweep.Shard
	}{
		{"seed", other(func(q *sweep.Plan) { q.Seed++ }), sweep.Shard{I: 1, N: 2}},
		{"config", other(func(q *sweep.Plan) { q.Config += " " }), sweep.Shard{I: 1, N: 2}},
		{"keys", plan(7, 5), sweep.Shard{I: 1, N: 2}},
		{"key order", other(func(q *sweep.Plan) { q.Keys[0], q.Keys[1] = q.Keys[1], q.Keys[0] }), sweep.Shard{I: 1, N: 2}},
		{"shard", p, sweep.Shard{I: 0, N: 2}},
		{"shard count", p, sweep.Shard{}},
	} {
		_, err := sweep.Run(context.Background(), test.p, sweep.Options{Checkpoint: path, Resume: true, Shard: test.shard}, synthetic)
		if !errors.Is(err, sweep.ErrMismatch) {
			t.Errorf("%s: got %v, want ErrMismatch", test.name, err)
		}
	}
	if _, err := sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path, Shard: sweep.Shard{I: 1, N: 2}}, synthetic); !errors.Is(err, sweep.ErrCheckpointExists) {
		t.Errorf("without Resume: got %v, want ErrCheckpointExists", err)
	}
	// A record that does not belong to its job.
	data, _ := os.ReadFile(path)
	bad := strings.Replace(string(data), `"key":[6,6,1]`, `"key":[6,6,2]`, 1)
	if bad == string(data) {
		t.Fatal("test checkpoint lacks job (6,6,1)")
	}
	os.WriteFile(path, []byte(bad), 0o644)
	if _, err := sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path, Resume: true, Shard: sweep.Shard{I: 1, N: 2}}, synthetic); !errors.Is(err, sweep.ErrCorrupt) {
		t.Errorf("wrong key: got %v, want ErrCorrupt", err)
	}
}

func TestJobError(t *testing.T) {
	p := plan(8, 10)
	want := reference(t, p)
	path := filepath.Join(t.TempDir(), "ckpt.jsonl")
	boom := errors.New("boom")
	res, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 2, Checkpoint: path}, func(ctx context.Context, j sweep.Job) (value, error) {
		if j.Index == 13 {
			return value{}, boom
		}
		return synthetic(ctx, j)
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "(6,7,3)") {
		t.Fatalf("got error %v, want boom at job (6,7,3)", err)
	}
	for _, r := range res {
		if r.Index == 13 || !reflect.DeepEqual(r, want[r.Index]) {
			t.Fatalf("partial result %d wrong", r.Index)
		}
	}
	got, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 2, Checkpoint: path, Resume: true}, synthetic)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("resuming after the failure: %v", err)
	}
	// An unencodable value fails the sweep rather than the checkpoint.
	path = filepath.Join(t.TempDir(), "nan.jsonl")
	_, err = sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path}, func(context.Context, sweep.Job) (float64, error) {
		return math.NaN(), nil
	})
	if err == nil {
		t.Errorf("NaN result: no error")
	}
	if _, err := sweep.Merge[float64](p, path); !errors.Is(err, sweep.ErrIncomplete) {
		t.Errorf("checkpoint after a NaN result: got %v, want an empty, valid file", err)
	}
}

// killEnv names the environment variable that makes TestMain a helper
// process running a slow sweep into the checkpoint it names.
const killEnv = "RELULAB_SWEEP_KILL_CHECKPOINT"

func TestMain(m *testing.M) {
	if path := os.Getenv(killEnv); path != "" {
		p := plan(9, 40)
		_, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 2, Checkpoint: path, Resume: true, SyncInterval: -1}, func(ctx context.Context, j sweep.Job) (value, error) {
			time.Sleep(2 * time.Millisecond)
			return synthetic(ctx, j)
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKill kills a process running a sweep (SIGKILL, no chance to clean
// up) twice and resumes it, and checks that nothing was lost or recorded
// twice.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	p := plan(9, 40)
	want := reference(t, p)
	path := filepath.Join(t.TempDir(), "ckpt.jsonl")
	for _, at := range []int{30, 100} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killEnv+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			data, _ := os.ReadFile(path)
			if bytes.Count(data, []byte("\n")) > at {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("helper did not reach %d jobs", at)
			}
			time.Sleep(time.Millisecond)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		data, _ := os.ReadFile(path)
		if n := bytes.Count(data, []byte("\n")) - 1; n >= p.Len() {
			t.Fatalf("helper finished (%d jobs) before it was killed", n)
		}
	}
	got, err := sweep.Run(context.Background(), p, sweep.Options{Checkpoint: path, Resume: true}, synthetic)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("killed and resumed sweep differs from an uninterrupted run")
	}
	data, _ := os.ReadFile(path)
	if n := bytes.Count(data, []byte("\n")); n != p.Len()+1 {
		t.Errorf("checkpoint has %d lines, want %d (each job once)", n, p.Len()+1)
	}
}

func TestParseShard(t *testing.T) {
	for _, test := range []struct {
		spec string
		env  map[string]string
		want sweep.Shard
		err  bool
	}{
		{spec: "", want: sweep.Shard{I: 0, N: 1}},
		{spec: "0/1", want: sweep.Shard{I: 0, N: 1}},
		{spec: " 3/8 ", want: sweep.Shard{I: 3, N: 8}},
		{spec: "8/8", err: true},
		{spec: "-1/8", err: true},
		{spec: "1/0", err: true},
		{spec: "3", err: true},
		{spec: "a/b", err: true},
		{spec: "1/2/3", err: true},
		{spec: "auto", err: true},
		{spec: "auto/4", err: true},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "16"}, want: sweep.Shard{I: 5, N: 16}},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "16"}, want: sweep.Shard{I: 4, N: 16}},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, want: sweep.Shard{I: 3, N: 4}},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, err: true},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5"}, err: true},
		{spec: "auto/8", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5"}, want: sweep.Shard{I: 5, N: 8}},
		// A task resubmitted alone (--array=5) keeps its index with auto/N.
		{spec: "auto/8", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "1"}, want: sweep.Shard{I: 5, N: 8}},
		{spec: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "1"}, want: sweep.Shard{I: 0, N: 1}},
		{spec: "auto/4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5"}, err: true},
		{spec: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, want: sweep.Shard{I: 3, N: 4}},
		{spec: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, err: true},
		{spec: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, err: true},
		{spec: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, err: true},
		{spec: "auto/8", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "JOB_COMPLETION_INDEX": "3"}, want: sweep.Shard{I: 2, N: 8}},
		{spec: "2/8", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "16"}, want: sweep.Shard{I: 2, N: 8}},
	} {
		got, err := sweep.ParseShard(test.spec, func(k string) string { return test.env[k] })
		if (err != nil) != test.err || (err == nil && got != test.want) {
			t.Errorf("ParseShard(%q, %v) = %v, %v; want %v, error %t", test.spec, test.env, got, err, test.want, test.err)
		}
		if err == nil {
			if again, err := sweep.ParseShard(got.String(), nil); err != nil || again != got {
				t.Errorf("ParseShard(%q) = %v, %v; want %v", got.String(), again, err, got)
			}
		}
	}
}

// TestHugeShard checks that shard counts near the int range neither
// overflow nor loop.
func TestHugeShard(t *testing.T) {
	p := plan(1, 2)
	const maxInt = int(^uint(0) >> 1)
	for _, sh := range []sweep.Shard{{I: 0, N: maxInt}, {I: maxInt - 1, N: maxInt}, {I: 5, N: maxInt}} {
		res, err := sweep.Run(context.Background(), p, sweep.Options{Shard: sh}, synthetic)
		want := 0
		if sh.I < p.Len() {
			want = 1
		}
		if err != nil || len(res) != want || (want == 1 && res[0].Index != sh.I) {
			t.Errorf("shard %v: %d results, %v", sh, len(res), err)
		}
	}
	if _, err := sweep.ParseShard("auto", func(k string) string {
		return map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "-9223372036854775808", "SLURM_ARRAY_TASK_COUNT": "4"}[k]
	}); err == nil {
		t.Errorf("negative SLURM_ARRAY_TASK_MIN accepted")
	}
}

func TestPanics(t *testing.T) {
	for _, test := range []struct {
		name string
		f    func()
	}{
		{"duplicate key", func() {
			sweep.Run(context.Background(), sweep.Plan{Keys: []sweep.Key{{1, 2}, {3}, {1, 2}}}, sweep.Options{}, synthetic)
		}},
		{"bad shard", func() {
			sweep.Run(context.Background(), plan(1, 1), sweep.Options{Shard: sweep.Shard{I: 2, N: 2}}, synthetic)
		}},
		{"job index", func() { plan(1, 1).Job(6) }},
	} {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "sweep: ") {
					t.Errorf("%s: recovered %v, want a sweep panic", test.name, r)
				}
			}()
			test.f()
		}()
	}
}

func TestProgress(t *testing.T) {
	p := plan(10, 5)
	var calls []string
	_, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 3, Shard: sweep.Shard{I: 1, N: 4}, Progress: func(done, total int) {
		calls = append(calls, strconv.Itoa(done)+"/"+strconv.Itoa(total))
	}}, synthetic)
	if err != nil {
		t.Fatal(err)
	}
	// Shard 1 of 4 of 30 jobs: indices 1, 5, …, 29, that is 8 jobs.
	want := "0/8 1/8 2/8 3/8 4/8 5/8 6/8 7/8 8/8"
	if got := strings.Join(calls, " "); got != want {
		t.Errorf("progress calls %q, want %q", got, want)
	}
}
