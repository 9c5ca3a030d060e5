// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/linalg"
	"github.com/relulab/relulab/relu"
)

// output is the linear "loss" ℓ(f, y) = f, whose input gradient is ∇_x f.
type output struct{}

func (output) Eval(f, _ float64) (float64, float64) { return f, 1 }

func randDense(rnd *rand.Rand, r, c int) *mat.Dense {
	a := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, rnd.NormFloat64())
		}
	}
	return a
}

func signs(rnd *rand.Rand, n int) []float64 {
	y := make([]float64, n)
	relu.InitSigns(y, 1, rnd)
	return y
}

func TestLossDerivative(t *testing.T) {
	losses := []relu.Loss{relu.Square{}, relu.Logistic{}, relu.Exponential{}}
	for _, loss := range losses {
		for _, y := range []float64{-1, 1, 0.3} {
			for _, f := range []float64{-3, -0.5, 0, 0.7, 2.5} {
				v, dv := loss.Eval(f, y)
				got := fd.Derivative(func(f float64) float64 { v, _ := loss.Eval(f, y); return v }, f,
					&fd.Settings{Formula: fd.Central, Step: 1e-5})
				// Central differences with h = 1e-5: truncation h²ℓ‴/6 ≲ 1e-9 here
				// (|ℓ‴| ≤ e³ for these margins), rounding ε|ℓ|/h ≲ 1e-10.
				if math.Abs(got-dv) > 1e-8*math.Max(1, math.Abs(dv)) {
					t.Errorf("%T f=%v y=%v: dℓ/df = %v, finite difference %v", loss, f, y, dv, got)
				}
				if math.IsNaN(v) || v < 0 {
					t.Errorf("%T f=%v y=%v: ℓ = %v", loss, f, y, v)
				}
			}
		}
	}
	// Extreme margins must neither overflow nor lose the asymptotes.
	if v, dv := (relu.Logistic{}).Eval(800, -1); v != 800 || dv != 1 {
		t.Errorf("logistic at margin −800: %v, %v; want 800, 1", v, dv)
	}
	if v, dv := (relu.Logistic{}).Eval(800, 1); v != 0 || dv != 0 {
		t.Errorf("logistic at margin 800: %v, %v; want 0, 0", v, dv)
	}
}

// TestGradientConformance runs the finite-difference check on every loss,
// both parametrizations and every choice of layers, inputs included.
func TestGradientConformance(t *testing.T) {
	type model struct {
		name string
		net  func(rnd *rand.Rand) *relu.Net
	}
	const m, d, n = 7, 5, 6
	models := []model{
		{"ntk", func(rnd *rand.Rand) *relu.Net { return relu.NewNTK(m, d, rnd) }},
		{"standard", func(rnd *rand.Rand) *relu.Net { return relu.NewStandard(m, d, 1, false, rnd) }},
		{"standard+bias", func(rnd *rand.Rand) *relu.Net {
			net := relu.NewStandard(m, d, 1, true, rnd)
			for i := range net.B {
				net.B[i] = 0.3 * rnd.NormFloat64()
			}
			return net
		}},
	}
	losses := []relu.Loss{relu.Square{}, relu.Logistic{}, relu.Exponential{}, output{}}
	layerSets := []relu.Layers{relu.LayerW, relu.LayerA, relu.LayerW | relu.LayerA, relu.LayerW | relu.LayerB | relu.LayerA}
	for mi, mod := range models {
		for li, loss := range losses {
			for _, ly := range layerSets {
				if ly&relu.LayerB != 0 && mod.name != "standard+bias" {
					continue
				}
				rnd := rand.New(rand.NewPCG(uint64(mi), uint64(li)))
				net := mod.net(rnd)
				X := randDense(rnd, n, d)
				y := signs(rnd, n)
				err := relu.CheckGradient(net, loss, X, y, relu.GradCheck{Layers: ly, Inputs: true})
				if err != nil {
					t.Errorf("%s %T layers %b: %v", mod.name, loss, ly, err)
				}
			}
		}
	}
}

// TestCheckGradientFails makes sure the conformance check can fail.
func TestCheckGradientFails(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	net := relu.NewNTK(4, 3, rnd)
	X := randDense(rnd, 5, 3)
	y := signs(rnd, 5)
	if err := relu.CheckGradient(net, wrongLoss{}, X, y, relu.GradCheck{}); err == nil {
		t.Error("CheckGradient accepted a wrong derivative")
	}
	// A point on a kink is refused.
	X.SetRow(0, net.W.RawRowView(0))
	X.Set(0, 0, 0)
	net.W.Set(0, 0, 1)
	x0 := mat.Row(nil, 0, X)
	w0 := mat.Row(nil, 0, net.W)
	// Make w_0·x_0 = 0 exactly: x_0 ⊥ w_0 in the last coordinate.
	x0[2] = 0
	w0[0], w0[1], w0[2] = 1, 0, 1
	x0[0], x0[1] = 0, 1
	X.SetRow(0, x0)
	net.W.SetRow(0, w0)
	if err := relu.CheckGradient(net, relu.Square{}, X, y, relu.GradCheck{}); !errors.Is(err, relu.ErrNearKink) {
		t.Errorf("CheckGradient at a kink: got %v, want ErrNearKink", err)
	}
}

type wrongLoss struct{}

func (wrongLoss) Eval(f, y float64) (float64, float64) { r := f - y; return 0.5 * r * r, 1.01 * r }

func TestInputGradMatchesLossGrad(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	net := relu.NewStandard(9, 4, 2, true, rnd)
	for i := range net.B {
		net.B[i] = rnd.NormFloat64()
	}
	net.Scale = 0.7 // a scale ≠ 1, so that forgetting it shows
	X := randDense(rnd, 8, 4)
	g := &relu.Grad{X: mat.NewDense(8, 4, nil)}
	if _, err := net.LossGrad(g, output{}, X, make([]float64, 8), nil); err != nil {
		t.Fatal(err)
	}
	ig := net.InputGrad(nil, X)
	// Both are the same products in the same order.
	if !mat.EqualApprox(ig, g.X, 1e-14) {
		t.Errorf("InputGrad differs from LossGrad's ∂f/∂X")
	}
	f := net.Forward(nil, X)
	for i := range f {
		var want float64
		for r := 0; r < 9; r++ {
			want += net.Scale * net.A[r] * math.Max(0, mat.Dot(net.W.RowView(r), X.RowView(i))+net.B[r])
		}
		if math.Abs(f[i]-want) > 1e-12 {
			t.Errorf("Forward[%d] = %v, want %v", i, f[i], want)
		}
	}
}

func TestLossGradNonFinite(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	net := relu.NewNTK(3, 2, rnd)
	net.A[0] = math.NaN()
	net.W.Set(0, 0, 1)
	net.W.Set(0, 1, 1)
	X := mat.NewDense(1, 2, []float64{1, 1})
	_, err := net.LossGrad(nil, relu.Square{}, X, []float64{0}, nil)
	if !errors.Is(err, relu.ErrNotFinite) {
		t.Errorf("got %v, want ErrNotFinite", err)
	}
}

// TestNaNPreactivation: a NaN weight gives NaN preactivations, which must
// not pass for inactive neurons (NaN > 0 is false): the outputs, input
// gradients and Gram matrix of the affected rows are NaN, and LossGrad's
// error names the weight.
func TestNaNPreactivation(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 7))
	net := relu.NewNTK(3, 2, rnd)
	net.W.Set(1, 0, math.NaN())
	X := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	f := net.Forward(nil, X)
	// w_1·x_0 = NaN·1 + … is NaN; w_1·x_1 = NaN·0 + … is NaN as well.
	if !math.IsNaN(f[0]) || !math.IsNaN(f[1]) {
		t.Errorf("outputs %v, want NaN", f)
	}
	_, err := net.LossGrad(nil, relu.Square{}, X, []float64{0, 0}, nil)
	if !errors.Is(err, relu.ErrNotFinite) || !strings.Contains(err.Error(), "W[1,0] = NaN") {
		t.Errorf("LossGrad: got %v, want ErrNotFinite naming W[1,0]", err)
	}
	if g := net.InputGrad(nil, X); !math.IsNaN(g.At(0, 0)) {
		t.Errorf("input gradient %v, want NaN", g.At(0, 0))
	}
	if _, err := relu.LambdaMin(net.Gram(nil, X)); !errors.Is(err, linalg.ErrNotFinite) {
		t.Errorf("λ_min of the Gram matrix: got %v, want ErrNotFinite", err)
	}
}

// TestLossGradNonFiniteCause: the error says where a non-finite loss comes
// from.
func TestLossGradNonFiniteCause(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 8))
	net := relu.NewNTK(4, 2, rnd)
	X := mat.NewDense(2, 2, []float64{1, 0.5, -0.3, 1})
	y := []float64{1, -1}
	for _, c := range []struct {
		name string
		set  func(net *relu.Net, X *mat.Dense, y []float64)
		loss relu.Loss
		want string
	}{
		{"label", func(_ *relu.Net, _ *mat.Dense, y []float64) { y[1] = math.NaN() }, relu.Square{}, "y[1] = NaN"},
		{"input", func(_ *relu.Net, X *mat.Dense, _ []float64) { X.Set(1, 0, math.Inf(-1)) }, relu.Square{}, "X[1,0] = -Inf"},
		{"output weight", func(net *relu.Net, _ *mat.Dense, _ []float64) { net.A[2] = math.Inf(1) }, relu.Square{}, "a[2] = +Inf"},
		// ½(f − y)² overflows for |f| ≈ 1e200 with finite parameters.
		{"loss", func(net *relu.Net, _ *mat.Dense, _ []float64) { net.Scale = 1e200 }, relu.Square{}, "loss of sample"},
	} {
		net := net.Clone()
		X := mat.DenseCopyOf(X)
		y := append([]float64(nil), y...)
		c.set(net, X, y)
		_, err := net.LossGrad(nil, c.loss, X, y, nil)
		if !errors.Is(err, relu.ErrNotFinite) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want ErrNotFinite mentioning %q", c.name, err, c.want)
		}
	}
}

func TestLossGradNoAlloc(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	net := relu.NewNTK(16, 8, rnd)
	X := randDense(rnd, 10, 8)
	y := make([]float64, 10)
	g := relu.NewGrad(net, relu.LayerW|relu.LayerA)
	var ws relu.Workspace
	net.LossGrad(g, relu.Square{}, X, y, &ws)
	allocs := testing.AllocsPerRun(10, func() { net.LossGrad(g, relu.Square{}, X, y, &ws) })
	if allocs > 0 {
		t.Errorf("LossGrad allocates %v times per call with a warm workspace", allocs)
	}
}

func ExampleNet_LossGrad() {
	rnd := rand.New(rand.NewPCG(1, 1))
	net := relu.NewNTK(100, 3, rnd) // f(x) = (1/√m) Σ a_r relu(w_r·x)
	X := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 0.6, 0.8})
	y := []float64{1, -1}
	g := relu.NewGrad(net, relu.LayerW)
	L, err := net.LossGrad(g, relu.Square{}, X, y, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("L = %.4f, ‖∂L/∂W‖_F = %.4f\n", L, mat.Norm(g.W, 2))
	fmt.Println(relu.CheckGradient(net, relu.Square{}, X, y, relu.GradCheck{Inputs: true}))
	// Output:
	// L = 3.5725, ‖∂L/∂W‖_F = 1.9038
	// <nil>
}

func TestDestinations(t *testing.T) {
	rnd := rand.New(rand.NewPCG(12, 12))
	net := relu.NewNTK(6, 3, rnd)
	X := randDense(rnd, 4, 3)
	var Z, G mat.Dense
	var H mat.SymDense
	net.Preactivations(&Z, X)
	net.InputGrad(&G, X)
	relu.GramInf(&H, X)
	if r, c := Z.Dims(); r != 4 || c != 6 {
		t.Errorf("Z is %d×%d", r, c)
	}
	if r, c := G.Dims(); r != 4 || c != 3 {
		t.Errorf("input gradients are %d×%d", r, c)
	}
	if H.SymmetricDim() != 4 {
		t.Errorf("H∞ is %d×%[1]d", H.SymmetricDim())
	}
	defer func() {
		if recover() == nil {
			t.Error("wrong-shaped destination accepted")
		}
	}()
	net.Preactivations(mat.NewDense(3, 6, nil), X)
}

// TestLossGradGOMAXPROCS: the row pass is split over goroutines for large
// batches; the results must not depend on GOMAXPROCS, bit for bit.
func TestLossGradGOMAXPROCS(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 13))
	net := relu.NewStandard(300, 20, 1, true, rnd)
	for i := range net.B {
		net.B[i] = rnd.NormFloat64()
	}
	X := randDense(rnd, 200, 20) // 200·300 elements: above the parallel threshold
	y := signs(rnd, 200)
	eval := func(procs int) (float64, *relu.Grad) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		g := relu.NewGrad(net, relu.LayerW|relu.LayerB|relu.LayerA)
		g.X = mat.NewDense(200, 20, nil)
		L, err := net.LossGrad(g, relu.Logistic{}, X, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		return L, g
	}
	L1, g1 := eval(1)
	for _, p := range []int{2, 3, 7} {
		L, g := eval(p)
		if L != L1 || !mat.Equal(g.W, g1.W) || !mat.Equal(g.X, g1.X) ||
			fmt.Sprint(g.A) != fmt.Sprint(g1.A) || fmt.Sprint(g.B) != fmt.Sprint(g1.B) {
			t.Errorf("GOMAXPROCS=%d changes the loss or gradient", p)
		}
	}
}

func ExampleNet_InputGrad() {
	// f(x) = relu(x₁ − x₂) − relu(x₂) with s = 1: ∇_x f = (1, −1) − (0, 1)
	// where both neurons are active, (1, −1) where only the first is.
	net := &relu.Net{W: mat.NewDense(2, 2, []float64{1, -1, 0, 1}), A: []float64{1, -1}, Scale: 1}
	X := mat.NewDense(2, 2, []float64{
		2, 1, // both active
		1, -1, // only the first
	})
	fmt.Println(net.Forward(nil, X))
	fmt.Println(mat.Formatted(net.InputGrad(nil, X)))
	// Output:
	// [0 2]
	// ⎡ 1  -2⎤
	// ⎣ 1  -1⎦
}

// emptyRows is a mat.Matrix with no rows (gonum's Dense cannot have one).
type emptyRows struct{ d int }

func (e emptyRows) Dims() (int, int)  { return 0, e.d }
func (emptyRows) At(i, j int) float64 { panic("no rows") }
func (e emptyRows) T() mat.Matrix     { return mat.Transpose{Matrix: e} }

// TestEmptyBatch: an empty batch is a programmer error with relu's message,
// not a panic from deep inside mat.
func TestEmptyBatch(t *testing.T) {
	net := relu.NewNTK(3, 2, rand.New(rand.NewPCG(1, 1)))
	for name, f := range map[string]func(){
		"Forward":  func() { net.Forward(nil, emptyRows{2}) },
		"LossGrad": func() { net.LossGrad(nil, relu.Square{}, emptyRows{2}, nil, nil) },
	} {
		func() {
			defer func() {
				if r := recover(); r != "relu: empty batch" {
					t.Errorf("%s: panic %v, want relu: empty batch", name, r)
				}
			}()
			f()
		}()
	}
}
