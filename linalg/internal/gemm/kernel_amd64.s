// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

#include "textflag.h"

// One step of the 6×8 kernel: B row in Y12, Y13; A column of 6 values at
// off(SI).
#define STEP6x8(off) \
	VMOVUPD (off*64)(DI), Y12 \
	VMOVUPD (off*64+32)(DI), Y13 \
	VBROADCASTSD (off*48)(SI), Y14 \
	VBROADCASTSD (off*48+8)(SI), Y15 \
	VFMADD231PD Y12, Y14, Y0 \
	VFMADD231PD Y13, Y14, Y1 \
	VFMADD231PD Y12, Y15, Y2 \
	VFMADD231PD Y13, Y15, Y3 \
	VBROADCASTSD (off*48+16)(SI), Y14 \
	VBROADCASTSD (off*48+24)(SI), Y15 \
	VFMADD231PD Y12, Y14, Y4 \
	VFMADD231PD Y13, Y14, Y5 \
	VFMADD231PD Y12, Y15, Y6 \
	VFMADD231PD Y13, Y15, Y7 \
	VBROADCASTSD (off*48+32)(SI), Y14 \
	VBROADCASTSD (off*48+40)(SI), Y15 \
	VFMADD231PD Y12, Y14, Y8 \
	VFMADD231PD Y13, Y14, Y9 \
	VFMADD231PD Y12, Y15, Y10 \
	VFMADD231PD Y13, Y15, Y11

// C row update: C[0:8] += alpha·(lo, hi).
#define STORE6x8(lo, hi) \
	VMOVUPD (DX), Y12 \
	VMOVUPD 32(DX), Y13 \
	VFMADD231PD lo, Y14, Y12 \
	VFMADD231PD hi, Y14, Y13 \
	VMOVUPD Y12, (DX) \
	VMOVUPD Y13, 32(DX) \
	ADDQ R8, DX

// func kernel6x8(k int, a, b, c *float64, ldc int, alpha float64)
TEXT ·kernel6x8(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	MOVQ ldc+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11

loop4:
	CMPQ CX, $4
	JL   tail
	STEP6x8(0)
	STEP6x8(1)
	STEP6x8(2)
	STEP6x8(3)
	ADDQ $192, SI
	ADDQ $256, DI
	SUBQ $4, CX
	JMP  loop4

tail:
	TESTQ CX, CX
	JE    done
	STEP6x8(0)
	ADDQ  $48, SI
	ADDQ  $64, DI
	DECQ  CX
	JMP   tail

done:
	VBROADCASTSD alpha+40(FP), Y14
	STORE6x8(Y0, Y1)
	STORE6x8(Y2, Y3)
	STORE6x8(Y4, Y5)
	STORE6x8(Y6, Y7)
	STORE6x8(Y8, Y9)
	STORE6x8(Y10, Y11)
	VZEROUPPER
	RET

// func axpyDotAVX2(a, x, y *float64, n int, s float64) (dot float64)
// y[0:n] += s·a[0:n]; dot = Σ a[j]·x[j], summed in 4 lanes × 2 registers.
TEXT ·axpyDotAVX2(SB), NOSPLIT, $0-48
	MOVQ         a+0(FP), SI
	MOVQ         x+8(FP), DI
	MOVQ         y+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSD s+32(FP), Y15
	VXORPD       Y0, Y0, Y0
	VXORPD       Y1, Y1, Y1

loop8:
	CMPQ        CX, $8
	JL          reduce
	VMOVUPD     (SI), Y2
	VMOVUPD     32(SI), Y3
	VMOVUPD     (DX), Y4
	VMOVUPD     32(DX), Y5
	VFMADD231PD Y2, Y15, Y4
	VFMADD231PD Y3, Y15, Y5
	VMOVUPD     Y4, (DX)
	VMOVUPD     Y5, 32(DX)
	VFMADD231PD (DI), Y2, Y0
	VFMADD231PD 32(DI), Y3, Y1
	ADDQ        $64, SI
	ADDQ        $64, DI
	ADDQ        $64, DX
	SUBQ        $8, CX
	JMP         loop8

reduce:
	VADDPD       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0

tail:
	TESTQ       CX, CX
	JE          done
	VMOVSD      (SI), X2
	VMOVSD      (DX), X4
	VFMADD231SD X2, X15, X4
	VMOVSD      X4, (DX)
	VFMADD231SD (DI), X2, X0
	ADDQ        $8, SI
	ADDQ        $8, DI
	ADDQ        $8, DX
	DECQ        CX
	JMP         tail

done:
	VMOVSD     X0, dot+40(FP)
	VZEROUPPER
	RET

// func axpyDotAVX512(a, x, y *float64, n int, s float64) (dot float64)
// As axpyDotAVX2, 16 elements per iteration in two ZMM lanes.
TEXT ·axpyDotAVX512(SB), NOSPLIT, $0-48
	MOVQ         a+0(FP), SI
	MOVQ         x+8(FP), DI
	MOVQ         y+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSD s+32(FP), Z15
	VPXORQ       Z0, Z0, Z0
	VPXORQ       Z1, Z1, Z1

loop16:
	CMPQ        CX, $16
	JL          reduce512
	VMOVUPD     (SI), Z2
	VMOVUPD     64(SI), Z3
	VMOVUPD     (DX), Z4
	VMOVUPD     64(DX), Z5
	VFMADD231PD Z2, Z15, Z4
	VFMADD231PD Z3, Z15, Z5
	VMOVUPD     Z4, (DX)
	VMOVUPD     Z5, 64(DX)
	VFMADD231PD (DI), Z2, Z0
	VFMADD231PD 64(DI), Z3, Z1
	ADDQ        $128, SI
	ADDQ        $128, DI
	ADDQ        $128, DX
	SUBQ        $16, CX
	JMP         loop16

reduce512:
	VADDPD       Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0

tail512:
	TESTQ       CX, CX
	JE          done512
	VMOVSD      (SI), X2
	VMOVSD      (DX), X4
	VFMADD231SD X2, X15, X4
	VMOVSD      X4, (DX)
	VFMADD231SD (DI), X2, X0
	ADDQ        $8, SI
	ADDQ        $8, DI
	ADDQ        $8, DX
	DECQ        CX
	JMP         tail512

done512:
	VMOVSD     X0, dot+40(FP)
	VZEROUPPER
	RET

// One row of one step of the 8×24 kernel: A value at o (bytes) in bc.
#define ROW3(o, bc, c0, c1, c2) \
	VBROADCASTSD o(SI), bc \
	VFMADD231PD Z24, bc, c0 \
	VFMADD231PD Z25, bc, c1 \
	VFMADD231PD Z26, bc, c2

#define STEP8x24(off) \
	VMOVUPD (off*192)(DI), Z24 \
	VMOVUPD (off*192+64)(DI), Z25 \
	VMOVUPD (off*192+128)(DI), Z26 \
	ROW3(off*64, Z27, Z0, Z1, Z2) \
	ROW3(off*64+8, Z28, Z3, Z4, Z5) \
	ROW3(off*64+16, Z27, Z6, Z7, Z8) \
	ROW3(off*64+24, Z28, Z9, Z10, Z11) \
	ROW3(off*64+32, Z27, Z12, Z13, Z14) \
	ROW3(off*64+40, Z28, Z15, Z16, Z17) \
	ROW3(off*64+48, Z27, Z18, Z19, Z20) \
	ROW3(off*64+56, Z28, Z21, Z22, Z23)

#define STORE8x24(c0, c1, c2) \
	VMOVUPD (DX), Z24 \
	VMOVUPD 64(DX), Z25 \
	VMOVUPD 128(DX), Z26 \
	VFMADD231PD c0, Z29, Z24 \
	VFMADD231PD c1, Z29, Z25 \
	VFMADD231PD c2, Z29, Z26 \
	VMOVUPD Z24, (DX) \
	VMOVUPD Z25, 64(DX) \
	VMOVUPD Z26, 128(DX) \
	ADDQ R8, DX

// PREFC8x24 prefetches the 24 values of the row of C at AX and moves AX to
// the next row.
#define PREFC8x24 \
	PREFETCHT0 (AX) \
	PREFETCHT0 64(AX) \
	PREFETCHT0 128(AX) \
	ADDQ R8, AX

// func kernel8x24(k int, a, b, c *float64, ldc int, alpha float64)
TEXT ·kernel8x24(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	MOVQ ldc+32(FP), R8
	SHLQ $3, R8
	// Prefetch the 8×24 block of C, read only after the k loop.
	MOVQ DX, AX
	PREFC8x24
	PREFC8x24
	PREFC8x24
	PREFC8x24
	PREFC8x24
	PREFC8x24
	PREFC8x24
	PREFC8x24
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	VPXORQ Z20, Z20, Z20
	VPXORQ Z21, Z21, Z21
	VPXORQ Z22, Z22, Z22
	VPXORQ Z23, Z23, Z23

loop8x24:
	CMPQ CX, $2
	JL   tail8x24
	// A's micro-panel streams from L2: fetch it eight terms ahead.
	PREFETCHT0 512(SI)
	PREFETCHT0 576(SI)
	STEP8x24(0)
	STEP8x24(1)
	ADDQ $128, SI
	ADDQ $384, DI
	SUBQ $2, CX
	JMP  loop8x24

tail8x24:
	TESTQ CX, CX
	JE    done8x24
	STEP8x24(0)

done8x24:
	VBROADCASTSD alpha+40(FP), Z29
	STORE8x24(Z0, Z1, Z2)
	STORE8x24(Z3, Z4, Z5)
	STORE8x24(Z6, Z7, Z8)
	STORE8x24(Z9, Z10, Z11)
	STORE8x24(Z12, Z13, Z14)
	STORE8x24(Z15, Z16, Z17)
	STORE8x24(Z18, Z19, Z20)
	STORE8x24(Z21, Z22, Z23)
	VZEROUPPER
	RET

// AXPYDOT4x8 adds Σᵣ sᵣ·aᵣ to y and aᵣ·x to the dot accumulators dᵣ for
// the eight entries at byte offset off of the streams a₀…a₃ (R9…R12), x
// (DI) and y (DX), with the scales s in Z4…Z7; x, y and the aᵣ go through
// the registers X, Y and A0…A3.
#define AXPYDOT4x8(off, X, Y, A0, A1, A2, A3, D0, D1, D2, D3) \
	VMOVUPD     off(DI), X \
	VMOVUPD     off(DX), Y \
	VMOVUPD     off(R9), A0 \
	VMOVUPD     off(R10), A1 \
	VMOVUPD     off(R11), A2 \
	VMOVUPD     off(R12), A3 \
	VFMADD231PD A0, Z4, Y \
	VFMADD231PD A0, X, D0 \
	VFMADD231PD A1, Z5, Y \
	VFMADD231PD A1, X, D1 \
	VFMADD231PD A2, Z6, Y \
	VFMADD231PD A2, X, D2 \
	VFMADD231PD A3, Z7, Y \
	VFMADD231PD A3, X, D3 \
	VMOVUPD     Y, off(DX)

// func axpyDot4AVX512(a0, a1, a2, a3, x, y *float64, n int, s, d *[4]float64)
// y[0:n] += Σᵣ s[r]·aᵣ[0:n]; d[r] = aᵣ·x, eight lanes per register.
TEXT ·axpyDot4AVX512(SB), NOSPLIT, $0-72
	MOVQ         a0+0(FP), R9
	MOVQ         a1+8(FP), R10
	MOVQ         a2+16(FP), R11
	MOVQ         a3+24(FP), R12
	MOVQ         x+32(FP), DI
	MOVQ         y+40(FP), DX
	MOVQ         n+48(FP), CX
	MOVQ         s+56(FP), AX
	VBROADCASTSD (AX), Z4
	VBROADCASTSD 8(AX), Z5
	VBROADCASTSD 16(AX), Z6
	VBROADCASTSD 24(AX), Z7
	VPXORQ       Z0, Z0, Z0
	VPXORQ       Z1, Z1, Z1
	VPXORQ       Z2, Z2, Z2
	VPXORQ       Z3, Z3, Z3
	VPXORQ       Z16, Z16, Z16
	VPXORQ       Z17, Z17, Z17
	VPXORQ       Z18, Z18, Z18
	VPXORQ       Z19, Z19, Z19

	// Sixteen entries per step, the second eight into a second set of dot
	// accumulators: the FMA latency of one set bounded the loop.
loop4x16:
	CMPQ        CX, $16
	JL          join4
	AXPYDOT4x8(0, Z8, Z9, Z10, Z11, Z12, Z13, Z0, Z1, Z2, Z3)
	AXPYDOT4x8(64, Z20, Z21, Z22, Z23, Z24, Z25, Z16, Z17, Z18, Z19)
	ADDQ        $128, R9
	ADDQ        $128, R10
	ADDQ        $128, R11
	ADDQ        $128, R12
	ADDQ        $128, DI
	ADDQ        $128, DX
	SUBQ        $16, CX
	JMP         loop4x16

join4:
	VADDPD      Z16, Z0, Z0
	VADDPD      Z17, Z1, Z1
	VADDPD      Z18, Z2, Z2
	VADDPD      Z19, Z3, Z3

loop4x8:
	CMPQ        CX, $8
	JL          reduce4
	AXPYDOT4x8(0, Z8, Z9, Z10, Z11, Z12, Z13, Z0, Z1, Z2, Z3)
	ADDQ        $64, R9
	ADDQ        $64, R10
	ADDQ        $64, R11
	ADDQ        $64, R12
	ADDQ        $64, DI
	ADDQ        $64, DX
	SUBQ        $8, CX
	JMP         loop4x8

reduce4:
	VEXTRACTF64X4 $1, Z0, Y15
	VADDPD        Y15, Y0, Y0
	VEXTRACTF128  $1, Y0, X15
	VADDPD        X15, X0, X0
	VHADDPD       X0, X0, X0
	VEXTRACTF64X4 $1, Z1, Y15
	VADDPD        Y15, Y1, Y1
	VEXTRACTF128  $1, Y1, X15
	VADDPD        X15, X1, X1
	VHADDPD       X1, X1, X1
	VEXTRACTF64X4 $1, Z2, Y15
	VADDPD        Y15, Y2, Y2
	VEXTRACTF128  $1, Y2, X15
	VADDPD        X15, X2, X2
	VHADDPD       X2, X2, X2
	VEXTRACTF64X4 $1, Z3, Y15
	VADDPD        Y15, Y3, Y3
	VEXTRACTF128  $1, Y3, X15
	VADDPD        X15, X3, X3
	VHADDPD       X3, X3, X3

tail4:
	TESTQ       CX, CX
	JE          done4
	VMOVSD      (DI), X8
	VMOVSD      (DX), X9
	VMOVSD      (R9), X10
	VMOVSD      (R10), X11
	VMOVSD      (R11), X12
	VMOVSD      (R12), X13
	VFMADD231SD X10, X4, X9
	VFMADD231SD X10, X8, X0
	VFMADD231SD X11, X5, X9
	VFMADD231SD X11, X8, X1
	VFMADD231SD X12, X6, X9
	VFMADD231SD X12, X8, X2
	VFMADD231SD X13, X7, X9
	VFMADD231SD X13, X8, X3
	VMOVSD      X9, (DX)
	ADDQ        $8, R9
	ADDQ        $8, R10
	ADDQ        $8, R11
	ADDQ        $8, R12
	ADDQ        $8, DI
	ADDQ        $8, DX
	DECQ        CX
	JMP         tail4

done4:
	MOVQ       d+64(FP), AX
	VMOVSD     X0, (AX)
	VMOVSD     X1, 8(AX)
	VMOVSD     X2, 16(AX)
	VMOVSD     X3, 24(AX)
	VZEROUPPER
	RET
