// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package annihilation

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/relulab/relulab/examples/internal/cli"
)

// testConfig is TourConfig with 5 starts (enough to find the Δ(S_{d−1}×S₁)
// members at d0 = 10) and 2000 descent steps from the split point: a
// second under the race detector.
func testConfig() Config {
	c := TourConfig()
	c.Starts = 5
	c.MaxIter = 2000
	return c
}

func TestTourRun(t *testing.T) {
	dir := t.TempDir()
	c := testConfig()
	c.JSON = filepath.Join(dir, "a.jsonl")
	c.Plots = dir
	var out, errw bytes.Buffer
	if err := Run(context.Background(), c, &out, &errw); err != nil {
		t.Fatal(err)
	}
	rows, err := cli.ReadJSONLines[map[string]any](c.JSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rows {
		// The contract, exactly.
		want := []string{"d", "extra", "family", "index", "lambda_min", "lands", "loss"}
		if keys := slices.Sorted(maps.Keys(m)); !slices.Equal(keys, want) {
			t.Errorf("row fields %v, want %v", keys, want)
		}
	}
	if len(rows) < 2 {
		t.Fatalf("%d rows", len(rows))
	}
	// The first member is Safran–Shamir's d = 7 minimum: a spurious minimum
	// at ℓ = 0 and a certified saddle at ℓ = 1 with the same loss.
	r0, r1 := rows[0], rows[1]
	if r0["family"] != "S(d-1)xS1" || r0["extra"].(float64) != 0 || r1["extra"].(float64) != 1 {
		t.Fatalf("unexpected rows %v, %v", r0, r1)
	}
	if l := r0["loss"].(float64); math.Abs(l-0.023202714914) > 1e-12 {
		t.Errorf("F = %v", l)
	}
	if r0["lands"] != "spurious minimum" || !(r0["lambda_min"].(float64) > 0) {
		t.Errorf("ℓ = 0: %v", r0)
	}
	if !(r1["lambda_min"].(float64) < 0) || r1["index"].(float64) < 1 {
		t.Errorf("ℓ = 1: %v", r1)
	}
	if math.Abs(r1["loss"].(float64)-r0["loss"].(float64)) > 1e-13 {
		t.Errorf("split changed the loss: %v vs %v", r1["loss"], r0["loss"])
	}
	if _, err := os.Stat(filepath.Join(dir, "annihilation.png")); err != nil {
		t.Error(err)
	}
}

func TestWorkersDeterministic(t *testing.T) {
	c := testConfig()
	c.Workers = 1
	a, big, err := Study(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The ℓ = 1 row carries a checked certificate: λ_min(B) < 0 bounds
	// λ_min of the split point from above (interlacing), and F decreases
	// by at least half the second-order prediction. (Here λ_min(H') =
	// λ_min(B), the equality case, up to the eigensolvers' rounding of
	// O(n·ε·‖H‖) ≈ 1e-14: 1e-12.)
	r1 := a[1]
	if r1.Extra != 1 || !(r1.Certificate < 0) || !r1.Interlacing || !(r1.Decrease < 0) || r1.LambdaMin > r1.Certificate+1e-12 {
		t.Errorf("ℓ = 1 certificate: %+v", r1)
	}
	// At d = 100 the Δ(S_{d−1}×S₁) minimum splits into a saddle, with the
	// loss decrease verified on the dense problem.
	if len(big) == 0 {
		t.Fatal("no large-d rows")
	}
	for _, r := range big {
		if !(r.Split < 0) || !r.Verified || !(r.Decrease < 0) {
			t.Errorf("large-d certificate %+v", r)
		}
	}
	c.Workers = 3
	b, _, err := Study(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d and %d rows", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("row %d: %+v vs %+v", i, a[i], b[i])
		}
	}
}

// TestOutputDeterministic runs the tour twice, at GOMAXPROCS 1 and 2: the
// table and the JSON lines are the same bytes.
func TestOutputDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs, jsons [2][]byte
	for i, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		c := testConfig()
		c.BigD = nil
		c.JSON = filepath.Join(dir, fmt.Sprintf("a%d.jsonl", i))
		var out, errw bytes.Buffer
		err := Run(context.Background(), c, &out, &errw)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		js, err := os.ReadFile(c.JSON)
		if err != nil {
			t.Fatal(err)
		}
		outs[i], jsons[i] = out.Bytes(), js
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Errorf("tables differ:\n%s\n%s", outs[0], outs[1])
	}
	if !bytes.Equal(jsons[0], jsons[1]) {
		t.Errorf("JSON differs:\n%s\n%s", jsons[0], jsons[1])
	}
}
