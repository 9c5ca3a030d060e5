// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package annihilation

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestTourRun(t *testing.T) {
	dir := t.TempDir()
	c := TourConfig()
	c.JSON = filepath.Join(dir, "a.jsonl")
	c.Plots = dir
	var out, errw bytes.Buffer
	if err := Run(context.Background(), c, &out, &errw); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(c.JSON)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	var rows []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"family", "d", "extra", "loss", "lambda_min", "index", "lands"} {
			if _, ok := m[k]; !ok {
				t.Errorf("row lacks %q: %v", k, m)
			}
		}
		rows = append(rows, m)
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
	if !(r1["lambda_min"].(float64) < 0) || !(r1["certificate"].(float64) < 0) || r1["interlacing"] != true || !(r1["decrease"].(float64) < 0) {
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
	c := TourConfig()
	c.MaxIter = 2000
	c.Workers = 1
	a, big, err := Study(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
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
