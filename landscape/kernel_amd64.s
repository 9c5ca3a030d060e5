// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

#include "textflag.h"

// func mulRows8AVX512(n, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
//
// mulRows4AVX512 on 8 rows: sixteen accumulators for blocks of 16 columns,
// eight for a last block of at most 8.
TEXT ·mulRows8AVX512(SB), NOSPLIT, $0-64
	MOVQ n+0(FP), DX
	MOVQ k+8(FP), CX
	MOVQ a+16(FP), SI
	MOVQ lda+24(FP), R9
	SHLQ $3, R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	SHLQ $3, R10
	MOVQ c+48(FP), R11
	MOVQ ldc+56(FP), R12
	SHLQ $3, R12
	LEAQ (R9)(R9*2), R13

cols8:
	CMPQ DX, $8
	JLE  half8
	MOVQ DX, BX
	CMPQ BX, $16
	JLE  mask8
	MOVQ $16, BX

mask8:
	MOVQ     $1, AX
	SHLXQ    BX, AX, AX
	DECQ     AX
	KMOVW    AX, K1
	KSHIFTRW $8, K1, K2
	VPXORQ   Z0, Z0, Z0
	VPXORQ   Z1, Z1, Z1
	VPXORQ   Z2, Z2, Z2
	VPXORQ   Z3, Z3, Z3
	VPXORQ   Z4, Z4, Z4
	VPXORQ   Z5, Z5, Z5
	VPXORQ   Z6, Z6, Z6
	VPXORQ   Z7, Z7, Z7
	VPXORQ   Z8, Z8, Z8
	VPXORQ   Z9, Z9, Z9
	VPXORQ   Z10, Z10, Z10
	VPXORQ   Z11, Z11, Z11
	VPXORQ   Z12, Z12, Z12
	VPXORQ   Z13, Z13, Z13
	VPXORQ   Z14, Z14, Z14
	VPXORQ   Z15, Z15, Z15
	MOVQ     SI, AX
	LEAQ     (SI)(R9*4), R14
	MOVQ     DI, BX
	MOVQ     CX, R8

loop8:
	VMOVUPD.Z    (BX), K1, Z16
	VMOVUPD.Z    64(BX), K2, Z17
	VBROADCASTSD (AX), Z18
	VBROADCASTSD (AX)(R9*1), Z19
	VBROADCASTSD (AX)(R9*2), Z20
	VBROADCASTSD (AX)(R13*1), Z21
	VFMADD231PD  Z16, Z18, Z0
	VFMADD231PD  Z17, Z18, Z1
	VFMADD231PD  Z16, Z19, Z2
	VFMADD231PD  Z17, Z19, Z3
	VFMADD231PD  Z16, Z20, Z4
	VFMADD231PD  Z17, Z20, Z5
	VFMADD231PD  Z16, Z21, Z6
	VFMADD231PD  Z17, Z21, Z7
	VBROADCASTSD (R14), Z22
	VBROADCASTSD (R14)(R9*1), Z23
	VBROADCASTSD (R14)(R9*2), Z24
	VBROADCASTSD (R14)(R13*1), Z25
	VFMADD231PD  Z16, Z22, Z8
	VFMADD231PD  Z17, Z22, Z9
	VFMADD231PD  Z16, Z23, Z10
	VFMADD231PD  Z17, Z23, Z11
	VFMADD231PD  Z16, Z24, Z12
	VFMADD231PD  Z17, Z24, Z13
	VFMADD231PD  Z16, Z25, Z14
	VFMADD231PD  Z17, Z25, Z15
	ADDQ         $8, AX
	ADDQ         $8, R14
	ADDQ         R10, BX
	DECQ         R8
	JNZ          loop8

	MOVQ    R11, AX
	VMOVUPD Z0, K1, (AX)
	VMOVUPD Z1, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z2, K1, (AX)
	VMOVUPD Z3, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z4, K1, (AX)
	VMOVUPD Z5, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z6, K1, (AX)
	VMOVUPD Z7, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z8, K1, (AX)
	VMOVUPD Z9, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z10, K1, (AX)
	VMOVUPD Z11, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z12, K1, (AX)
	VMOVUPD Z13, K2, 64(AX)
	ADDQ    R12, AX
	VMOVUPD Z14, K1, (AX)
	VMOVUPD Z15, K2, 64(AX)
	ADDQ    $128, DI
	ADDQ    $128, R11
	SUBQ    $16, DX
	JG      cols8
	VZEROUPPER
	RET

half8:
	// The last block, of DX ≤ 8 columns: one vector per row.
	MOVQ   $1, AX
	SHLXQ  DX, AX, AX
	DECQ   AX
	KMOVW  AX, K1
	VPXORQ Z0, Z0, Z0
	VPXORQ Z2, Z2, Z2
	VPXORQ Z4, Z4, Z4
	VPXORQ Z6, Z6, Z6
	VPXORQ Z8, Z8, Z8
	VPXORQ Z10, Z10, Z10
	VPXORQ Z12, Z12, Z12
	VPXORQ Z14, Z14, Z14
	MOVQ   SI, AX
	LEAQ   (SI)(R9*4), R14
	MOVQ   DI, BX
	MOVQ   CX, R8

loop8h:
	VMOVUPD.Z    (BX), K1, Z16
	VBROADCASTSD (AX), Z18
	VBROADCASTSD (AX)(R9*1), Z19
	VBROADCASTSD (AX)(R9*2), Z20
	VBROADCASTSD (AX)(R13*1), Z21
	VFMADD231PD  Z16, Z18, Z0
	VFMADD231PD  Z16, Z19, Z2
	VFMADD231PD  Z16, Z20, Z4
	VFMADD231PD  Z16, Z21, Z6
	VBROADCASTSD (R14), Z22
	VBROADCASTSD (R14)(R9*1), Z23
	VBROADCASTSD (R14)(R9*2), Z24
	VBROADCASTSD (R14)(R13*1), Z25
	VFMADD231PD  Z16, Z22, Z8
	VFMADD231PD  Z16, Z23, Z10
	VFMADD231PD  Z16, Z24, Z12
	VFMADD231PD  Z16, Z25, Z14
	ADDQ         $8, AX
	ADDQ         $8, R14
	ADDQ         R10, BX
	DECQ         R8
	JNZ          loop8h

	MOVQ    R11, AX
	VMOVUPD Z0, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z2, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z4, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z6, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z8, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z10, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z12, K1, (AX)
	ADDQ    R12, AX
	VMOVUPD Z14, K1, (AX)
	VZEROUPPER
	RET

// func mulRows4AVX512(n, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int)
//
// C[i,j] = Σ_{p<k} A[i,p]·B[p,j] for i < 4, j < n (k ≥ 1, n ≥ 1), all
// row-major with strides lda, ldb, ldc: blocks of 16 columns (two vectors,
// the last block masked), eight accumulators, each entry one chain of fused
// multiply–adds over p = 0, 1, …, k−1 starting from 0 (mulRowsGo).
TEXT ·mulRows4AVX512(SB), NOSPLIT, $0-64
	MOVQ n+0(FP), DX
	MOVQ k+8(FP), CX
	MOVQ a+16(FP), SI
	MOVQ lda+24(FP), R9
	SHLQ $3, R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	SHLQ $3, R10
	MOVQ c+48(FP), R11
	MOVQ ldc+56(FP), R12
	SHLQ $3, R12
	LEAQ (R9)(R9*2), R13
	LEAQ (R12)(R12*2), R14

cols4:
	// K1, K2: the lanes of the block's first and second vector.
	MOVQ  DX, BX
	CMPQ  BX, $16
	JLE   mask4
	MOVQ  $16, BX

mask4:
	MOVQ     $1, AX
	SHLXQ    BX, AX, AX
	DECQ     AX
	KMOVW    AX, K1
	KSHIFTRW $8, K1, K2
	VPXORQ   Z0, Z0, Z0
	VPXORQ   Z1, Z1, Z1
	VPXORQ   Z2, Z2, Z2
	VPXORQ   Z3, Z3, Z3
	VPXORQ   Z4, Z4, Z4
	VPXORQ   Z5, Z5, Z5
	VPXORQ   Z6, Z6, Z6
	VPXORQ   Z7, Z7, Z7
	MOVQ     SI, AX
	MOVQ     DI, BX
	MOVQ     CX, R8

loop4:
	VMOVUPD.Z    (BX), K1, Z8
	VMOVUPD.Z    64(BX), K2, Z9
	VBROADCASTSD (AX), Z10
	VFMADD231PD  Z8, Z10, Z0
	VFMADD231PD  Z9, Z10, Z1
	VBROADCASTSD (AX)(R9*1), Z11
	VFMADD231PD  Z8, Z11, Z2
	VFMADD231PD  Z9, Z11, Z3
	VBROADCASTSD (AX)(R9*2), Z12
	VFMADD231PD  Z8, Z12, Z4
	VFMADD231PD  Z9, Z12, Z5
	VBROADCASTSD (AX)(R13*1), Z13
	VFMADD231PD  Z8, Z13, Z6
	VFMADD231PD  Z9, Z13, Z7
	ADDQ         $8, AX
	ADDQ         R10, BX
	DECQ         R8
	JNZ          loop4

	VMOVUPD Z0, K1, (R11)
	VMOVUPD Z1, K2, 64(R11)
	VMOVUPD Z2, K1, (R11)(R12*1)
	VMOVUPD Z3, K2, 64(R11)(R12*1)
	VMOVUPD Z4, K1, (R11)(R12*2)
	VMOVUPD Z5, K2, 64(R11)(R12*2)
	VMOVUPD Z6, K1, (R11)(R14*1)
	VMOVUPD Z7, K2, 64(R11)(R14*1)
	ADDQ    $128, DI
	ADDQ    $128, R11
	SUBQ    $16, DX
	JG      cols4
	VZEROUPPER
	RET

// func mulRow1AVX512(n, k int, a *float64, b *float64, ldb int, c *float64)
//
// mulRows4AVX512 for one row: the same chains of fused multiply–adds, so the
// same bits.
TEXT ·mulRow1AVX512(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), DX
	MOVQ k+8(FP), CX
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R10
	SHLQ $3, R10
	MOVQ c+40(FP), R11

cols1:
	MOVQ  DX, BX
	CMPQ  BX, $32
	JLE   mask1
	MOVQ  $32, BX

mask1:
	// K1…K4: the lanes of the block's four vectors (32 columns).
	MOVQ     $1, AX
	SHLXQ    BX, AX, AX
	DECQ     AX
	CMPQ     BX, $32
	JNE      mask1ok
	MOVQ     $-1, AX

mask1ok:
	KMOVD    AX, K1
	KSHIFTRD $8, K1, K2
	KSHIFTRD $16, K1, K3
	KSHIFTRD $24, K1, K4
	VPXORQ   Z0, Z0, Z0
	VPXORQ   Z1, Z1, Z1
	VPXORQ   Z2, Z2, Z2
	VPXORQ   Z3, Z3, Z3
	MOVQ     SI, AX
	MOVQ     DI, BX
	MOVQ     CX, R8

loop1:
	VBROADCASTSD (AX), Z10
	VMOVUPD.Z    (BX), K1, Z8
	VFMADD231PD  Z8, Z10, Z0
	VMOVUPD.Z    64(BX), K2, Z9
	VFMADD231PD  Z9, Z10, Z1
	VMOVUPD.Z    128(BX), K3, Z8
	VFMADD231PD  Z8, Z10, Z2
	VMOVUPD.Z    192(BX), K4, Z9
	VFMADD231PD  Z9, Z10, Z3
	ADDQ         $8, AX
	ADDQ         R10, BX
	DECQ         R8
	JNZ          loop1

	VMOVUPD Z0, K1, (R11)
	VMOVUPD Z1, K2, 64(R11)
	VMOVUPD Z2, K3, 128(R11)
	VMOVUPD Z3, K4, 192(R11)
	ADDQ    $256, DI
	ADDQ    $256, R11
	SUBQ    $32, DX
	JG      cols1
	VZEROUPPER
	RET

// Offsets in the constants of pairRowAVX512 (pairConsts).
#define ONE 0
#define HALF 8
#define PI 16
#define PIO2 24
#define KAHAN 40
#define ABS 48
#define EIGHT 56
#define IOTA 64
#define ASIN 128
#define COS 232

// PAIRCORE processes the 8 lanes of the row at SI (lanes in KT): x = c,
// a = |x|; lanes with a > kahanCos go to the index list (VPCOMPRESSQ of the
// lane numbers Z9) and out of the sums; big = a > ½; r = √(big ? (1 − a)/2 :
// 1 − x²); y = big ? r : x; p = asin(y) = y + y·z·R(z), z = y², R by Horner's
// scheme; P = π − θ = big ? (x < 0 ? 2p : π − 2p) : π/2 + p; s = sin θ =
// big ? 2y·cos p : r with cos p by Horner's scheme in p²; coef = ω·P;
// Z10 += ω·s over the other lanes. Exactly the operations of pairRowGo.
#define PAIRCORE(KT) \
	VMOVUPD.Z       0(SI), KT, Z0; \
	VPANDQ.BCST     ABS(R8), Z0, Z1; \
	VCMPPD          $0x1e, Z17, Z1, KT, K2; \
	KANDNW          KT, K2, K3; \
	VPCOMPRESSQ     Z9, K2, (R10); \
	KMOVW           K2, AX; \
	POPCNTL         AX, AX; \
	LEAQ            (R10)(AX*8), R10; \
	VCMPPD          $0x1e, Z15, Z1, K4; \
	VMOVAPD         Z14, Z2; \
	VFNMADD231PD    Z0, Z0, Z2; \
	VSUBPD          Z1, Z14, Z3; \
	VMULPD          Z15, Z3, Z3; \
	VBLENDMPD       Z3, Z2, K4, Z2; \
	VSQRTPD         Z2, Z2; \
	VBLENDMPD       Z2, Z0, K4, Z3; \
	VMULPD          Z3, Z3, Z4; \
	VMOVAPD         Z30, Z7; \
	VFMADD213PD     Z29, Z4, Z7; \
	VFMADD213PD     Z28, Z4, Z7; \
	VFMADD213PD     Z27, Z4, Z7; \
	VFMADD213PD     Z26, Z4, Z7; \
	VFMADD213PD     Z25, Z4, Z7; \
	VFMADD213PD     Z24, Z4, Z7; \
	VFMADD213PD     Z23, Z4, Z7; \
	VFMADD213PD     Z22, Z4, Z7; \
	VFMADD213PD     Z21, Z4, Z7; \
	VFMADD213PD     Z20, Z4, Z7; \
	VFMADD213PD     Z19, Z4, Z7; \
	VFMADD213PD     Z18, Z4, Z7; \
	VMULPD          Z4, Z3, Z4; \
	VFMADD213PD     Z3, Z4, Z7; \
	VMULPD          Z7, Z7, Z4; \
	VADDPD          Z7, Z7, Z5; \
	VSUBPD          Z5, Z16, Z6; \
	VPMOVQ2M        Z0, K2; \
	VBLENDMPD       Z5, Z6, K2, Z6; \
	VADDPD.BCST     PIO2(R8), Z7, Z5; \
	VBLENDMPD       Z6, Z5, K4, Z5; \
	VBROADCASTSD    (COS+8*8)(R8), Z8; \
	VFMADD213PD.BCST (COS+7*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+6*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+5*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+4*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+3*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+2*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+1*8)(R8), Z4, Z8; \
	VFMADD213PD.BCST (COS+0*8)(R8), Z4, Z8; \
	VADDPD          Z3, Z3, Z3; \
	VMULPD          Z8, Z3, Z3; \
	VBLENDMPD       Z3, Z2, K4, Z2; \
	VMOVUPD.Z       0(DI), KT, Z6; \
	VMULPD          Z6, Z5, Z7; \
	VMOVUPD         Z7, KT, 0(DX); \
	VFMADD231PD     Z6, Z2, K3, Z10

// PAIRLOSS adds ω·(s + P·x) of the lanes after PAIRCORE into Z11 (lanes
// below n1, Z13) or Z12.
#define PAIRLOSS \
	VPCMPQ          $1, Z13, Z9, K7; \
	KANDW           K3, K7, K6; \
	KANDNW          K3, K7, K7; \
	VFMADD213PD     Z2, Z0, Z5; \
	VFMADD231PD     Z6, Z5, K6, Z11; \
	VFMADD231PD     Z6, Z5, K7, Z12

// func pairRowsAVX512(c, om, coef *float64, ld, rows, n1, n2 int, idx *int64, k *[40]uint64, out *pairSums, loss int)
//
// pairRowsGo with AVX-512: for each of the rows (stride ld in c, coef and
// idx), vectors of 8 lanes, the tail masked; out receives ρ, the two loss sums
// (if loss ≠ 0, else zeros) and the number of Kahan pairs.
TEXT ·pairRowsAVX512(SB), NOSPLIT, $0-88
	MOVQ k+64(FP), R8
	MOVQ out+72(FP), R12
	MOVQ rows+32(FP), R14
	XORQ R9, R9
	VBROADCASTSD ONE(R8), Z14
	VBROADCASTSD HALF(R8), Z15
	VBROADCASTSD PI(R8), Z16
	VBROADCASTSD KAHAN(R8), Z17
	VBROADCASTSD (ASIN+0*8)(R8), Z18
	VBROADCASTSD (ASIN+1*8)(R8), Z19
	VBROADCASTSD (ASIN+2*8)(R8), Z20
	VBROADCASTSD (ASIN+3*8)(R8), Z21
	VBROADCASTSD (ASIN+4*8)(R8), Z22
	VBROADCASTSD (ASIN+5*8)(R8), Z23
	VBROADCASTSD (ASIN+6*8)(R8), Z24
	VBROADCASTSD (ASIN+7*8)(R8), Z25
	VBROADCASTSD (ASIN+8*8)(R8), Z26
	VBROADCASTSD (ASIN+9*8)(R8), Z27
	VBROADCASTSD (ASIN+10*8)(R8), Z28
	VBROADCASTSD (ASIN+11*8)(R8), Z29
	VBROADCASTSD (ASIN+12*8)(R8), Z30
	VPBROADCASTQ EIGHT(R8), Z31
	VPBROADCASTQ n1+40(FP), Z13
	KXNORW       K1, K1, K1

pairRow:
	MOVQ      c+0(FP), SI
	ADDQ      R9, SI
	MOVQ      om+8(FP), DI
	MOVQ      coef+16(FP), DX
	ADDQ      R9, DX
	MOVQ      idx+56(FP), R10
	ADDQ      R9, R10
	MOVQ      R10, R11
	MOVQ      n1+40(FP), CX
	ADDQ      n2+48(FP), CX
	VMOVDQU64 IOTA(R8), Z9
	VPXORQ    Z10, Z10, Z10
	VPXORQ    Z11, Z11, Z11
	VPXORQ    Z12, Z12, Z12

	CMPQ loss+80(FP), $0
	JEQ  pairLoopG

pairLoop:
	CMPQ CX, $8
	JLT  pairLast
	PAIRCORE(K1)
	PAIRLOSS
	VPADDQ Z31, Z9, Z9
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  pairLoop

pairLast:
	TESTQ CX, CX
	JZ    pairSum
	MOVQ  $1, BX
	SHLXQ CX, BX, BX
	DECQ  BX
	KMOVW BX, K5
	PAIRCORE(K5)
	PAIRLOSS
	JMP   pairSum

pairLoopG:
	// Without the loss.
	CMPQ CX, $8
	JLT  pairLastG
	PAIRCORE(K1)
	VPADDQ Z31, Z9, Z9
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, DX
	SUBQ $8, CX
	JMP  pairLoopG

pairLastG:
	TESTQ CX, CX
	JZ    pairSum
	MOVQ  $1, BX
	SHLXQ CX, BX, BX
	DECQ  BX
	KMOVW BX, K5
	PAIRCORE(K5)

pairSum:
	// Lanes 0–3 + 4–7, 0–1 + 2–3, 0 + 1.
	VEXTRACTF64X4 $1, Z10, Y0
	VADDPD        Y0, Y10, Y10
	VEXTRACTF128  $1, Y10, X0
	VADDPD        X0, X10, X10
	VPERMILPD     $1, X10, X0
	VADDSD        X0, X10, X10
	VMOVSD        X10, 0(R12)
	VEXTRACTF64X4 $1, Z11, Y0
	VADDPD        Y0, Y11, Y11
	VEXTRACTF128  $1, Y11, X0
	VADDPD        X0, X11, X11
	VPERMILPD     $1, X11, X0
	VADDSD        X0, X11, X11
	VMOVSD        X11, 8(R12)
	VEXTRACTF64X4 $1, Z12, Y0
	VADDPD        Y0, Y12, Y12
	VEXTRACTF128  $1, Y12, X0
	VADDPD        X0, X12, X12
	VPERMILPD     $1, X12, X0
	VADDSD        X0, X12, X12
	VMOVSD        X12, 16(R12)
	MOVQ          R10, AX
	SUBQ          R11, AX
	SHRQ          $3, AX
	MOVQ          AX, 24(R12)
	ADDQ          $32, R12
	MOVQ          ld+24(FP), AX
	SHLQ          $3, AX
	ADDQ          AX, R9
	DECQ          R14
	JNZ           pairRow
	VZEROUPPER
	RET

// func normRowsAVX512(w *float64, ldw, rows, d int, u, ut *float64, ldt int, nw *float64)
//
// For each row i < rows of w (stride ldw, d ≥ 1 entries): s = Σⱼ wᵢⱼ² in 8
// lanes (j mod 8, fused multiply–adds), then lanes 0–3 + 4–7, 0–1 + 2–3,
// 0 + 1; nw[i] = √s; u[i·d + j] = wᵢⱼ·(1/√s); ut[j·ldt + i] = the same.
TEXT ·normRowsAVX512(SB), NOSPLIT, $0-64
	MOVQ w+0(FP), SI
	MOVQ ldw+8(FP), R9
	SHLQ $3, R9
	MOVQ rows+16(FP), CX
	MOVQ d+24(FP), DX
	MOVQ u+32(FP), DI
	MOVQ ut+40(FP), R10
	MOVQ ldt+48(FP), R11
	SHLQ $3, R11
	MOVQ nw+56(FP), R12
	// Z4: the byte offsets in ut of 8 consecutive j, Z5: of the next 8.
	MOVQ         $0x0706050403020100, AX
	VMOVQ        AX, X4
	VPMOVZXBQ    X4, Z4
	VPBROADCASTQ R11, Z5
	VPMULLQ      Z5, Z4, Z4
	VPSLLQ       $3, Z5, Z5
	MOVQ         $0x3FF0000000000000, AX
	VMOVQ        AX, X3

normRow:
	VPXORQ Z0, Z0, Z0
	XORQ   BX, BX
	MOVQ   DX, AX

normSum:
	CMPQ    AX, $8
	JGE     normSumFull
	MOVQ    $1, R8
	SHLXQ   AX, R8, R8
	DECQ    R8
	KMOVW   R8, K1
	JMP     normSumLoad

normSumFull:
	KXNORW  K1, K1, K1

normSumLoad:
	VMOVUPD.Z   (SI)(BX*1), K1, Z1
	VFMADD231PD Z1, Z1, Z0
	ADDQ        $64, BX
	SUBQ        $8, AX
	JG          normSum

	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPD        X1, X0, X0
	VPERMILPD     $1, X0, X1
	VADDSD        X1, X0, X0
	VSQRTSD       X0, X0, X0
	VMOVSD        X0, (R12)
	VDIVSD        X0, X3, X2
	VBROADCASTSD  X2, Z2

	XORQ   BX, BX
	MOVQ   DX, AX
	VMOVDQA64 Z4, Z6

normScale:
	CMPQ    AX, $8
	JGE     normScaleFull
	MOVQ    $1, R8
	SHLXQ   AX, R8, R8
	DECQ    R8
	KMOVW   R8, K1
	JMP     normScaleLoad

normScaleFull:
	KXNORW  K1, K1, K1

normScaleLoad:
	VMOVUPD.Z   (SI)(BX*1), K1, Z1
	VMULPD      Z2, Z1, Z1
	VMOVUPD     Z1, K1, (DI)(BX*1)
	KMOVW       K1, K2
	VSCATTERQPD Z1, K2, (R10)(Z6*1)
	VPADDQ      Z5, Z6, Z6
	ADDQ        $64, BX
	SUBQ        $8, AX
	JG          normScale

	ADDQ R9, SI
	LEAQ (DI)(DX*8), DI
	ADDQ $8, R10
	ADDQ $8, R12
	DECQ CX
	JNZ  normRow
	VZEROUPPER
	RET

// func finishRowsAVX512(gr *float64, ldg, rows, d int, u *float64, r, s, ss *float64)
//
// For each row i < rows: gᵢⱼ = sᵢ·(gᵢⱼ + rᵢ·uᵢⱼ) (one fused multiply–add, one
// multiplication), u of stride d; ss[i] = Σⱼ gᵢⱼ² in 8 lanes (fused
// multiply–adds), then lanes 0–3 + 4–7, 0–1 + 2–3, 0 + 1.
TEXT ·finishRowsAVX512(SB), NOSPLIT, $0-64
	MOVQ gr+0(FP), DI
	MOVQ ldg+8(FP), R9
	SHLQ $3, R9
	MOVQ rows+16(FP), CX
	MOVQ d+24(FP), DX
	MOVQ u+32(FP), SI
	MOVQ r+40(FP), R10
	MOVQ s+48(FP), R11
	MOVQ ss+56(FP), R12

finishRow:
	VPXORQ       Z0, Z0, Z0
	VBROADCASTSD (R10), Z2
	VBROADCASTSD (R11), Z3
	XORQ         BX, BX
	MOVQ         DX, AX

finishLoop:
	CMPQ AX, $8
	JGE  finishFull
	MOVQ  $1, R8
	SHLXQ AX, R8, R8
	DECQ  R8
	KMOVW R8, K1
	JMP   finishLoad

finishFull:
	KXNORW K1, K1, K1

finishLoad:
	VMOVUPD.Z   (DI)(BX*1), K1, Z1
	VMOVUPD.Z   (SI)(BX*1), K1, Z4
	VFMADD231PD Z4, Z2, Z1
	VMULPD      Z3, Z1, Z1
	VMOVUPD     Z1, K1, (DI)(BX*1)
	VFMADD231PD Z1, Z1, Z0
	ADDQ        $64, BX
	SUBQ        $8, AX
	JG          finishLoop

	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPD        X1, X0, X0
	VPERMILPD     $1, X0, X1
	VADDSD        X1, X0, X0
	VMOVSD        X0, (R12)
	ADDQ          R9, DI
	LEAQ          (SI)(DX*8), SI
	ADDQ          $8, R10
	ADDQ          $8, R11
	ADDQ          $8, R12
	DECQ          CX
	JNZ           finishRow
	VZEROUPPER
	RET
