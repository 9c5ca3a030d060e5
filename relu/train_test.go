// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// sphere returns n points uniform on the unit sphere in R^d.
func sphere(rnd *rand.Rand, n, d int) *mat.Dense {
	X := randDense(rnd, n, d)
	for i := 0; i < n; i++ {
		r := X.RawRowView(i)
		floats.Scale(1/floats.Norm(r, 2), r)
	}
	return X
}

func gaussian(rnd *rand.Rand, n int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = rnd.NormFloat64()
	}
	return y
}

// TestTrainGDConverges: a wide NTK network fits random labels (Du et al.).
func TestTrainGDConverges(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	X := sphere(rnd, 10, 5)
	y := gaussian(rnd, 10)
	net := relu.NewNTK(500, 5, rnd)
	w0 := mat.DenseCopyOf(net.W)
	a0 := append([]float64(nil), net.A...)
	tr := relu.Trainer{LearningRate: 0.5, MaxSteps: 2000, LossTol: 1e-8}
	res, err := tr.Train(context.Background(), net, X, y)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != relu.StopLoss || res.Loss > 1e-8 {
		t.Fatalf("stopped by %v at step %d with loss %v", res.Stop, res.Steps, res.Loss)
	}
	if len(res.History) != res.Steps+1 {
		t.Errorf("history has %d records for %d steps", len(res.History), res.Steps)
	}
	for k := 1; k < len(res.History); k++ {
		if res.History[k].Loss > res.History[k-1].Loss*(1+1e-9) {
			t.Errorf("loss rose at step %d: %v → %v", k, res.History[k-1].Loss, res.History[k].Loss)
			break
		}
	}
	if !floats.Equal(a0, net.A) {
		t.Error("frozen output weights changed")
	}
	if mat.Equal(w0, net.W) {
		t.Error("trained weights did not change")
	}
	// The final loss is the loss of the final network.
	L, _ := net.LossGrad(nil, relu.Square{}, X, y, nil)
	if L != res.Loss {
		t.Errorf("Result.Loss %v, loss of the final network %v", res.Loss, L)
	}
}

// TestTrainStepByHand compares one trainer update with θ − η(∇L + λθ).
func TestTrainStepByHand(t *testing.T) {
	for _, tc := range []struct {
		mean, dense bool
	}{{false, true}, {true, true}, {false, false}, {true, false}} {
		mean := tc.mean
		rnd := rand.New(rand.NewPCG(2, 2))
		var X mat.Matrix = randDense(rnd, 6, 4)
		if !tc.dense {
			// Another mat.Matrix: Step's update takes the general path.
			X = struct{ mat.Matrix }{X}
		}
		y := signs(rnd, 6)
		net := relu.NewStandard(5, 4, 1, true, rnd)
		ly := relu.LayerW | relu.LayerB | relu.LayerA
		g := relu.NewGrad(net, ly)
		L, _ := net.LossGrad(g, relu.Logistic{}, X, y, nil)
		const eta, lambda = 0.1, 0.3
		c := eta
		if mean {
			c /= 6
			L /= 6
		}
		want := net.Clone()
		want.W.Scale(1-eta*lambda, want.W)
		want.W.Add(want.W, scaled(-c, g.W))
		floats.Scale(1-eta*lambda, want.B)
		floats.AddScaled(want.B, -c, g.B)
		floats.Scale(1-eta*lambda, want.A)
		floats.AddScaled(want.A, -c, g.A)

		tr := relu.Trainer{Loss: relu.Logistic{}, LearningRate: eta, WeightDecay: lambda, Layers: ly, Mean: mean}
		got, err := tr.Step(net, X, y)
		if err != nil {
			t.Fatal(err)
		}
		// Same operations in a different order: rounding only.
		const tol = 1e-14
		if math.Abs(got-L) > tol || !mat.EqualApprox(net.W, want.W, tol) ||
			!floats.EqualApprox(net.B, want.B, tol) || !floats.EqualApprox(net.A, want.A, tol) {
			t.Errorf("mean=%v dense=%v: Step differs from the update by hand", mean, tc.dense)
		}
	}
}

func scaled(c float64, a *mat.Dense) *mat.Dense {
	var s mat.Dense
	s.Scale(c, a)
	return &s
}

// TestWeightDecayShrinksFrozenDirections: with no data gradient along a
// direction orthogonal to the data, weight decay shrinks that component by
// (1 − ηλ) per step (Melamed et al.'s remedy).
func TestWeightDecayShrinksFrozenDirections(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	const n, d, m = 8, 4, 20
	X := randDense(rnd, n, d)
	for i := 0; i < n; i++ {
		X.Set(i, d-1, 0) // data on the subspace x_d = 0
	}
	y := signs(rnd, n)
	for _, lambda := range []float64{0, 0.5} {
		net := relu.NewStandard(m, d, 1, false, rand.New(rand.NewPCG(4, 4)))
		c0 := mat.Col(nil, d-1, net.W)
		const eta, steps = 0.05, 30
		tr := relu.Trainer{Loss: relu.Logistic{}, LearningRate: eta, WeightDecay: lambda, MaxSteps: steps}
		if _, err := tr.Train(context.Background(), net, X, y); err != nil {
			t.Fatal(err)
		}
		c := mat.Col(nil, d-1, net.W)
		f := math.Pow(1-eta*lambda, steps)
		for r := range c {
			// Exactly (1 − ηλ)^steps up to the rounding of steps multiplications.
			if math.Abs(c[r]-f*c0[r]) > 1e-13*math.Abs(c0[r]) {
				t.Errorf("λ=%v: off-subspace weight %d: %v, want %v", lambda, r, c[r], f*c0[r])
			}
		}
	}
}

func TestTrainSGD(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	X := sphere(rnd, 40, 6)
	y := gaussian(rnd, 40)
	run := func() (*relu.Result, *relu.Net) {
		net := relu.NewNTK(150, 6, rand.New(rand.NewPCG(6, 6)))
		tr := relu.Trainer{LearningRate: 0.2, BatchSize: 7, MaxSteps: 600, Rand: rand.New(rand.NewPCG(7, 7))}
		res, err := tr.Train(context.Background(), net, X, y)
		if err != nil {
			t.Fatal(err)
		}
		return res, net
	}
	res, net := run()
	if res.Steps != 600 || res.Stop != relu.StopMaxSteps {
		t.Fatalf("SGD stopped by %v after %d steps", res.Stop, res.Steps)
	}
	L0, _ := relu.NewNTK(150, 6, rand.New(rand.NewPCG(6, 6))).LossGrad(nil, relu.Square{}, X, y, nil)
	if res.Loss > 0.05*L0 {
		t.Errorf("SGD reduced the loss only from %v to %v", L0, res.Loss)
	}
	if len(res.History) != 601 {
		t.Errorf("history length %d, want 601", len(res.History))
	}
	res2, net2 := run()
	if res2.Loss != res.Loss || !mat.Equal(net.W, net2.W) {
		t.Error("SGD is not deterministic for a seed")
	}
}

// TestTrainSGDFinalRecord: however SGD stops (step budget, loss tolerance,
// observer), Result.Loss and Margin are those of the whole data set at the
// final parameters, and so is the last History record.
func TestTrainSGDFinalRecord(t *testing.T) {
	rnd := rand.New(rand.NewPCG(16, 16))
	X := sphere(rnd, 30, 4)
	y := gaussian(rnd, 30)
	for _, c := range []struct {
		name string
		tr   relu.Trainer
		stop relu.StopReason
	}{
		{"steps", relu.Trainer{MaxSteps: 25}, relu.StopMaxSteps},
		{"loss", relu.Trainer{MaxSteps: 100000, LossTol: 3}, relu.StopLoss},
		// Stop in the middle of the second epoch (batches of 8: 4 per epoch).
		{"observer", relu.Trainer{MaxSteps: 100, Observer: func(s *relu.State) error {
			if s.Step == 6 {
				return relu.ErrStop
			}
			return nil
		}}, relu.StopObserver},
	} {
		net := relu.NewNTK(60, 4, rand.New(rand.NewPCG(17, 17)))
		tr := c.tr
		tr.LearningRate, tr.BatchSize, tr.Rand = 0.3, 8, rand.New(rand.NewPCG(18, 18))
		res, err := tr.Train(context.Background(), net, X, y)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		L, _ := net.LossGrad(nil, relu.Square{}, X, y, nil)
		last := res.History[len(res.History)-1]
		if res.Stop != c.stop || res.Loss != L || res.Margin != net.Margin(X, y) ||
			last != (relu.Record{Step: res.Steps, Loss: L, Margin: res.Margin}) {
			t.Errorf("%s: stop %v after %d steps, loss %v, last record %+v; final network's loss %v",
				c.name, res.Stop, res.Steps, res.Loss, last, L)
		}
	}
}

func TestTrainStopsOnMargin(t *testing.T) {
	rnd := rand.New(rand.NewPCG(8, 8))
	X := randDense(rnd, 20, 5)
	y := signs(rnd, 20)
	net := relu.NewStandard(200, 5, 1, true, rnd)
	tr := relu.Trainer{Loss: relu.Exponential{}, LearningRate: 0.05, Layers: relu.LayerW | relu.LayerB,
		MaxSteps: 10000, StopOnMargin: true, MarginTol: 0.1}
	res, err := tr.Train(context.Background(), net, X, y)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != relu.StopMargin || res.Margin < 0.1 || net.Margin(X, y) != res.Margin {
		t.Errorf("stop %v, margin %v (network: %v)", res.Stop, res.Margin, net.Margin(X, y))
	}
	if res.History[len(res.History)-2].Margin >= 0.1 {
		t.Error("training went on past the margin")
	}
}

func TestTrainDivergence(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 9))
	X := sphere(rnd, 10, 5)
	y := gaussian(rnd, 10)
	net := relu.NewNTK(50, 5, rnd)
	tr := relu.Trainer{LearningRate: 100, Layers: relu.LayerW | relu.LayerA, MaxSteps: 1000}
	res, err := tr.Train(context.Background(), net, X, y)
	if !errors.Is(err, relu.ErrDiverged) || !errors.Is(err, relu.ErrNotFinite) {
		t.Fatalf("got %v, want ErrDiverged and ErrNotFinite", err)
	}
	if want := fmt.Sprintf("step %d", res.Steps); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s", err, want)
	}
	if res.Steps == 0 || res.Steps == 1000 {
		t.Errorf("diverged at step %d", res.Steps)
	}
}

func TestTrainBadData(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{1, 0, 0, math.Inf(1)})
	net := relu.NewNTK(3, 2, rand.New(rand.NewPCG(1, 1)))
	tr := relu.Trainer{LearningRate: 0.1, MaxSteps: 5}
	_, err := tr.Train(context.Background(), net, X, []float64{0, 1})
	if !errors.Is(err, relu.ErrNotFinite) || !strings.Contains(err.Error(), "X[1,1]") {
		t.Errorf("got %v", err)
	}
}

func TestTrainCancelAndObserver(t *testing.T) {
	rnd := rand.New(rand.NewPCG(10, 10))
	X := sphere(rnd, 10, 5)
	y := gaussian(rnd, 10)
	ctx, cancel := context.WithCancel(context.Background())
	tr := relu.Trainer{LearningRate: 0.1, MaxSteps: 100, Observer: func(s *relu.State) error {
		if s.Step == 7 {
			cancel()
		}
		return nil
	}}
	res, err := tr.Train(ctx, relu.NewNTK(20, 5, rnd), X, y)
	if !errors.Is(err, context.Canceled) || res.Steps != 8 || !strings.Contains(err.Error(), "step 8") {
		t.Errorf("cancel: steps %d, err %v", res.Steps, err)
	}
	var seen []int
	tr = relu.Trainer{LearningRate: 0.1, MaxSteps: 100, Observer: func(s *relu.State) error {
		seen = append(seen, s.Step)
		if r, c := s.Preactivations.Dims(); r != 10 || c != 20 || len(s.Outputs) != 10 {
			t.Fatalf("state shapes %d×%d, %d", r, c, len(s.Outputs))
		}
		if s.Step == 4 {
			return relu.ErrStop
		}
		return nil
	}}
	res, err = tr.Train(context.Background(), relu.NewNTK(20, 5, rnd), X, y)
	if err != nil || res.Stop != relu.StopObserver || len(seen) != 5 || res.Steps != 4 {
		t.Errorf("observer stop: %v %v %v", err, res.Stop, seen)
	}
	boom := errors.New("boom")
	tr.Observer = func(*relu.State) error { return boom }
	if _, err := tr.Train(context.Background(), relu.NewNTK(20, 5, rnd), X, y); !errors.Is(err, boom) {
		t.Errorf("observer error: got %v", err)
	}
}

func TestTrainStepNoAlloc(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 11))
	X := sphere(rnd, 10, 5)
	y := gaussian(rnd, 10)
	net := relu.NewNTK(20, 5, rnd)
	tr := relu.Trainer{LearningRate: 1e-3}
	tr.Step(net, X, y)
	if a := testing.AllocsPerRun(10, func() { tr.Step(net, X, y) }); a > 0 {
		t.Errorf("Trainer.Step allocates %v times", a)
	}
}

// TestGOMAXPROCS: a seed fixes every bit of training (GD and SGD) and of the
// diagnostics whatever GOMAXPROCS is. The sizes put the row pass of LossGrad
// (n·m ≥ 2¹⁵), GramInf's rows (n ≥ 64) and the products above the sizes at
// which they are split over goroutines.
func TestGOMAXPROCS(t *testing.T) {
	const n, d, m = 200, 20, 300
	type out struct {
		W                        *mat.Dense
		A                        []float64
		hist                     []relu.Record
		hinf, h                  *mat.SymDense
		l0, lh, lpd, phi, pc, md float64
	}
	run := func(procs, bs int) out {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		rnd := rand.New(rand.NewPCG(15, 15))
		X := sphere(rnd, n, d)
		y := gaussian(rnd, n)
		net := relu.NewNTK(m, d, rnd)
		W0 := mat.DenseCopyOf(net.W)
		Z0 := net.Preactivations(nil, X)
		tr := relu.Trainer{LearningRate: 0.5, Layers: relu.LayerW | relu.LayerA, MaxSteps: 4, BatchSize: bs, Rand: rnd}
		res, err := tr.Train(context.Background(), net, X, y)
		if err != nil {
			t.Fatal(err)
		}
		o := out{W: net.W, A: net.A, hist: res.History, hinf: relu.GramInf(nil, X), h: net.Gram(nil, X)}
		var errs [4]error
		o.l0, errs[0] = relu.Lambda0(X)
		o.lh, errs[1] = relu.LambdaMin(o.h)
		o.lpd, errs[2] = relu.LambdaMin(o.hinf)
		o.phi, errs[3] = relu.Separation(X)
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		o.pc = relu.PatternChange(Z0, net.Preactivations(nil, X))
		o.md = relu.MaxDistance(W0, net.W)
		return o
	}
	for _, bs := range []int{0, 150} {
		a, b := run(1, bs), run(4, bs)
		if !mat.Equal(a.W, b.W) || fmt.Sprint(a.A) != fmt.Sprint(b.A) || fmt.Sprint(a.hist) != fmt.Sprint(b.hist) {
			t.Errorf("batch size %d: training differs between GOMAXPROCS 1 and 4", bs)
		}
		if !mat.Equal(a.hinf, b.hinf) || !mat.Equal(a.h, b.h) {
			t.Errorf("batch size %d: Gram matrices differ between GOMAXPROCS 1 and 4", bs)
		}
		if a.l0 != b.l0 || a.lh != b.lh || a.lpd != b.lpd || a.phi != b.phi || a.pc != b.pc || a.md != b.md {
			t.Errorf("batch size %d: diagnostics differ between GOMAXPROCS 1 and 4: %+v vs %+v", bs,
				[]float64{a.l0, a.lh, a.lpd, a.phi, a.pc, a.md}, []float64{b.l0, b.lh, b.lpd, b.phi, b.pc, b.md})
		}
	}
}

// TestTrainNoAllocPerStep: the training loops of GD and SGD (whose last
// minibatch of an epoch is smaller) allocate nothing per step once their
// buffers are warm, so Train's allocations do not grow with MaxSteps. The
// sizes keep every product below the size at which linalg's parallel GEMM
// starts goroutines, so this measures relu's own loop.
func TestTrainNoAllocPerStep(t *testing.T) {
	rnd := rand.New(rand.NewPCG(12, 12))
	X := sphere(rnd, 40, 5)
	y := gaussian(rnd, 40)
	for _, bs := range []int{0, 7} {
		allocs := func(steps int) float64 {
			net := relu.NewNTK(20, 5, rand.New(rand.NewPCG(13, 13)))
			tr := relu.Trainer{LearningRate: 1e-3, Layers: relu.LayerW | relu.LayerA, MaxSteps: steps,
				NoHistory: true, BatchSize: bs, Rand: rand.New(rand.NewPCG(14, 14))}
			tr.Train(context.Background(), net, X, y) // warm the buffers
			return testing.AllocsPerRun(5, func() {
				if _, err := tr.Train(context.Background(), net, X, y); err != nil {
					t.Fatal(err)
				}
			})
		}
		if a, b := allocs(20), allocs(220); a != b {
			t.Errorf("batch size %d: Train allocates %v times for 20 steps, %v for 220", bs, a, b)
		}
	}
}

func ExampleTrainer() {
	rnd := rand.New(rand.NewPCG(1, 1))
	// Du et al.: n points on the sphere, Gaussian labels, a wide NTK network.
	const n, d, m = 20, 10, 500
	X := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		x := X.RawRowView(i)
		for j := range x {
			x[j] = rnd.NormFloat64()
		}
		floats.Scale(1/floats.Norm(x, 2), x)
		y[i] = rnd.NormFloat64()
	}
	net := relu.NewNTK(m, d, rnd)
	tr := relu.Trainer{LearningRate: 0.2, MaxSteps: 5000, LossTol: 1e-6}
	res, err := tr.Train(context.Background(), net, X, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.3f → %.1e after %d steps (%v)\n", res.History[0].Loss, res.Loss, res.Steps, res.Stop)
	// Output:
	// loss 26.094 → 9.9e-07 after 231 steps (loss tolerance)
}

// ExampleTrainer_sgd trains the standard parametrization (Melamed et al.)
// with biases on ±1 labels by minibatch SGD on the logistic loss, with weight
// decay, until every point is classified with margin 0.1.
func ExampleTrainer_sgd() {
	rnd := rand.New(rand.NewPCG(1, 1))
	const n, d, m = 64, 5, 200
	X := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		x := X.RawRowView(i)
		for j := range x {
			x[j] = rnd.NormFloat64()
		}
		y[i] = math.Copysign(1, x[0]*x[1]) // an XOR-like target
	}
	net := relu.NewStandard(m, d, 1, true, rnd) // W ~ N(0, 1/d), a = ±1/√m, b = 0
	tr := relu.Trainer{
		Loss: relu.Logistic{}, LearningRate: 0.5, WeightDecay: 1e-4, Mean: true,
		Layers: relu.LayerW | relu.LayerB, BatchSize: 16, Rand: rnd,
		MaxSteps: 20000, StopOnMargin: true, MarginTol: 0.1, NoHistory: true,
	}
	res, err := tr.Train(context.Background(), net, X, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stopped by %v after %d steps: margin %.2f, mean loss %.3f\n", res.Stop, res.Steps, res.Margin, res.Loss)
	// Output:
	// stopped by margin tolerance after 736 steps: margin 0.10, mean loss 0.200
}
