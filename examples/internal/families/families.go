// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package families follows the symmetric critical points of the
// teacher–student loss (k = d, V = I_d) in d, after Arjevani and Field: on
// the fixed-point subspace of each isotropy group (ΔS_d, Δ(S_{d−p}×S_p),
// Safran's block patterns) it finds the critical points of the reduced
// equations by multi-start Newton at a small d, follows each by
// continuation in d from the smallest d of its family to d = 1000, and
// reports the loss, λ_min and index of the Hessian (from its isotypic
// components), the real d where the family turns from saddle into minimum,
// the fit of d·F against d^(−1/2), and the distinct eigenvalues with their
// multiplicities at chosen d. It is the library behind examples/families.
package families

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/relulab/relulab/landscape"
)

// Config holds the settings of the study; its fields are the flags of
// examples/families.
type Config struct {
	// Families lists the isotropy groups by name (-families), as
	// landscape.Family.Name writes them: "S(d)", "S(d-1)xS1",
	// "S(d-3)xS2xS1", ….
	Families []string
	// D0 is the d of the multi-start search (-d0) and Starts the number of
	// starts per family (-starts).
	D0     int
	Starts int
	// GDIters is the number of gradient steps on the subspace before
	// Newton in each start (-gditers); 0 means landscape's default (4000),
	// negative means pure Newton from the random start (finds saddles too).
	GDIters int
	// DMax is the largest d of the continuation (-dmax).
	DMax int
	// SpectraAt lists the d at which the distinct eigenvalues are printed
	// (-spectra); values outside a family's range are skipped.
	SpectraAt []int
	// TableAt lists the d of the printed table (-table); JSON has every
	// integer d up to 1000 and the d of TableAt and SpectraAt beyond.
	TableAt []int
	// FitFrom is the smallest d used by the fit of d·F (-fitfrom).
	FitFrom float64
	// Seed is the seed of the multi-start search (-seed).
	Seed uint64
	// JSON, if not empty, is the JSON-lines file of the rows (-json).
	JSON string
	// Plots, if not empty, is the directory of the PNG figures (-plots).
	Plots string
	// Progress draws a progress bar on stderr.
	Progress bool
}

// DefaultConfig returns the defaults of examples/families: six families,
// search at d = 10 with 40 starts, continuation to d = 1000; a few seconds
// to a minute on two cores.
func DefaultConfig() Config {
	return Config{
		Families:  []string{"S(d)", "S(d-1)xS1", "S(d-2)xS2", "S(d-3)xS3", "S(d-2)xS1xS1", "S(d-3)xS2xS1"},
		D0:        10,
		Starts:    40,
		DMax:      1000,
		SpectraAt: []int{20, 80, 1000},
		TableAt:   []int{6, 7, 8, 10, 20, 50, 100, 200, 500, 1000},
		FitFrom:   100,
		Seed:      1,
	}
}

// TourConfig returns a short version for examples/tour: two families to
// d = 200, a second or so.
func TourConfig() Config {
	c := DefaultConfig()
	c.Families = []string{"S(d-1)xS1", "S(d-2)xS2"}
	c.Starts = 20
	c.DMax = 200
	c.SpectraAt = []int{20}
	c.TableAt = []int{6, 7, 8, 20, 200}
	c.FitFrom = 50
	return c
}

func (c *Config) validate() error {
	switch {
	case len(c.Families) == 0:
		return errors.New("families: no families")
	case c.Starts < 1:
		return fmt.Errorf("families: need starts ≥ 1, have %d", c.Starts)
	case c.DMax < c.D0:
		return fmt.Errorf("families: dmax = %d below d0 = %d", c.DMax, c.D0)
	}
	for _, n := range c.Families {
		f, err := ParseFamily(n)
		if err != nil {
			return err
		}
		if float64(c.D0) < f.MinD() {
			return fmt.Errorf("families: d0 = %d is below the smallest d = %v of %s", c.D0, f.MinD(), n)
		}
	}
	return nil
}

// ParseFamily parses a family name, "S(d)", "S(d-t)xSt₁x…xSt_q" with
// t = Σtᵢ (spaces ignored).
func ParseFamily(name string) (landscape.Family, error) {
	s := strings.ReplaceAll(name, " ", "")
	parts := strings.Split(s, "x")
	var f landscape.Family
	bad := func() (landscape.Family, error) {
		return landscape.Family{}, fmt.Errorf("families: bad family %q: want S(d) or S(d-t)xSt1x…", name)
	}
	head := parts[0]
	t := 0
	switch {
	case head == "S(d)":
	case strings.HasPrefix(head, "S(d-") && strings.HasSuffix(head, ")"):
		v, err := strconv.Atoi(head[4 : len(head)-1])
		if err != nil || v < 1 {
			return bad()
		}
		t = v
	default:
		return bad()
	}
	sum := 0
	for _, p := range parts[1:] {
		if !strings.HasPrefix(p, "S") {
			return bad()
		}
		v, err := strconv.Atoi(p[1:])
		if err != nil || v < 1 {
			return bad()
		}
		f.Tail = append(f.Tail, v)
		sum += v
	}
	if sum != t {
		return landscape.Family{}, fmt.Errorf("families: %q: the fixed blocks sum to %d, not %d", name, sum, t)
	}
	return f, nil
}

// isInt reports whether x is an integer.
func isInt(x float64) bool { return x == math.Trunc(x) }
