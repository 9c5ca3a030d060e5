// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import "math"

// asinR holds the coefficients of R(z), z = y² ∈ [0, ¼], in
// asin(y) = y + y·z·R(z): a degree-12 least-squares fit on 400 Chebyshev
// points of [0, ¼] to R computed from its Taylor series in 200-bit
// arithmetic; max |z·R(z) − z·R_fit(z)| = 2.2e-16 on [0, ¼].
var asinR = [...]float64{
	0.1666666666666671,
	0.074999999999958253,
	0.044642857151609754,
	0.030381943720393028,
	0.022372190106156695,
	0.017351978295277681,
	0.013977536146649761,
	0.011415858463894209,
	0.010744632654794545,
	0.0036060723085939279,
	0.022542602597604905,
	-0.023037973548987609,
	0.034449140873940201,
}

// asinSmall returns asin(y) for |y| ≤ ½. The float64 conversions keep the
// compiler from fusing multiply–adds (it may where the CPU has FMA), so that
// the result is bit for bit that of acosSqrt's vector path.
func asinSmall(y float64) float64 {
	z := y * y
	r := asinR[12]
	r = float64(r*z) + asinR[11]
	r = float64(r*z) + asinR[10]
	r = float64(r*z) + asinR[9]
	r = float64(r*z) + asinR[8]
	r = float64(r*z) + asinR[7]
	r = float64(r*z) + asinR[6]
	r = float64(r*z) + asinR[5]
	r = float64(r*z) + asinR[4]
	r = float64(r*z) + asinR[3]
	r = float64(r*z) + asinR[2]
	r = float64(r*z) + asinR[1]
	r = float64(r*z) + asinR[0]
	return y + float64(float64(y*z)*r)
}

// acos returns arccos(x) for x ∈ [−1, 1], to within 1e-15 absolute (about
// 4 ulp of π; TestAcos), about twice as fast as math.Acos: asin by a
// polynomial on |x| ≤ ½ and the half-angle identity
// arccos(x) = 2·arcsin(√((1 − x)/2)) beyond, where 1 − x is exact.
func acos(x float64) float64 {
	switch {
	case x > 0.5:
		return 2 * asinSmall(math.Sqrt((1-x)/2))
	case x < -0.5:
		return math.Pi - 2*asinSmall(math.Sqrt((1+x)/2))
	}
	return math.Pi/2 - asinSmall(x)
}

// acosSqrtVec, where the CPU has a vector version (AVX2 on amd64), is
// acosSqrt on the first n elements for some n ≤ len(c), which it returns.
// acosSqrtVecs lists the vector versions the CPU has, best last (for tests).
var (
	acosSqrtVec  func(c, t, s []float64) int
	acosSqrtVecs = []func(c, t, s []float64) int{nil}
)

// acosSqrt stores t[i] = acos(c[i]) and s[i] = √(1 − c[i]²) for
// i < len(c); t and s must be at least as long as c. The vector path gives
// the same bits as acos (TestAcosSqrt). Entries with |c[i]| > 1 give
// unspecified values (NaN or not) and no panic.
func acosSqrt(c, t, s []float64) {
	i := 0
	if acosSqrtVec != nil {
		i = acosSqrtVec(c, t, s)
	}
	t, s = t[:len(c)], s[:len(c)]
	for ; i < len(c); i++ {
		x := c[i]
		t[i], s[i] = acos(x), math.Sqrt(1-float64(x*x))
	}
}
