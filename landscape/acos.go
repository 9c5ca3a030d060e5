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

// asinSmall returns asin(y) for |y| ≤ ½.
func asinSmall(y float64) float64 {
	z := y * y
	r := asinR[12]
	r = r*z + asinR[11]
	r = r*z + asinR[10]
	r = r*z + asinR[9]
	r = r*z + asinR[8]
	r = r*z + asinR[7]
	r = r*z + asinR[6]
	r = r*z + asinR[5]
	r = r*z + asinR[4]
	r = r*z + asinR[3]
	r = r*z + asinR[2]
	r = r*z + asinR[1]
	r = r*z + asinR[0]
	return y + y*z*r
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
