;; Float64 streaming kernels of the metrics engine in WebAssembly SIMD (compiled by
;; scripts/build-kernels.mjs into kernelsWasm.ts). They compute exactly what the JavaScript kernels
;; in kernels.ts compute, in the same order, so both give bit-identical results (a unit test checks
;; it); SIMD only runs the independent columns j, j+1 (and j+2, j+3) side by side.
;; All pointers are byte offsets into the exported memory, 16-byte aligned by the caller.
(module
  (memory (export "memory") 1)

  ;; Pass 1: for each row i in order, counts[y] += 1 and sums[y, j] += f64(x[i, j]).
  (func (export "classSums") (param $x i32) (param $lab i32) (param $rows i32) (param $d i32) (param $sums i32) (param $counts i32)
    (local $i i32) (local $y i32) (local $j i32) (local $d4 i32) (local $v v128) (local $sp i32) (local $xp i32) (local $cp i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $xp (local.get $x))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $y (i32.load (i32.add (local.get $lab) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $cp (i32.add (local.get $counts) (i32.shl (local.get $y) (i32.const 3))))
      (f64.store (local.get $cp) (f64.add (f64.load (local.get $cp)) (f64.const 1)))
      (local.set $sp (i32.add (local.get $sums) (i32.shl (i32.mul (local.get $y) (local.get $d)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (block $vd (loop $vl
        (br_if $vd (i32.ge_u (local.get $j) (local.get $d4)))
        ;; four float32 features -> two float64x2 additions
        (local.set $v (v128.load (local.get $xp)))
        (v128.store (local.get $sp) (f64x2.add (v128.load (local.get $sp)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $sp) (f64x2.add (v128.load offset=16 (local.get $sp))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $sp (i32.add (local.get $sp) (i32.const 32)))
        (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vl)))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (local.get $j) (local.get $d)))
        (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp)) (f64.promote_f32 (f32.load (local.get $xp)))))
        (local.set $sp (i32.add (local.get $sp) (i32.const 8)))
        (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tl)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))

  ;; Pass 2: r = f64(x[i, :]) - means[y, :]; out[i, :] = f32(r); with s_m = sum over j = m (mod 4) of r_j^2 in
  ;; the first 4*floor(d/4) columns and t = sum of the rest, rowSq[i] = ((s0 + s2) + (s1 + s3)) + t;
  ;; wss[y] += rowSq[i]; counts[y] += 1.
  (func (export "classResiduals") (param $x i32) (param $lab i32) (param $rows i32) (param $d i32) (param $means i32)
      (param $out i32) (param $rowSq i32) (param $wss i32) (param $counts i32)
    (local $i i32) (local $y i32) (local $j i32) (local $d4 i32) (local $v v128) (local $mp i32) (local $xp i32) (local $op i32)
    (local $ea v128) (local $eb v128) (local $acca v128) (local $accb v128) (local $t f64) (local $e f64) (local $s f64) (local $p i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $xp (local.get $x))
    (local.set $op (local.get $out))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $y (i32.load (i32.add (local.get $lab) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $mp (i32.add (local.get $means) (i32.shl (i32.mul (local.get $y) (local.get $d)) (i32.const 3))))
      (local.set $acca (v128.const f64x2 0 0))
      (local.set $accb (v128.const f64x2 0 0))
      (local.set $t (f64.const 0))
      (local.set $j (i32.const 0))
      (block $vd (loop $vl
        (br_if $vd (i32.ge_u (local.get $j) (local.get $d4)))
        (local.set $v (v128.load (local.get $xp)))
        ;; acca holds (s0, s1), accb holds (s2, s3)
        (local.set $ea (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (local.get $mp))))
        (local.set $eb (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
                                  (v128.load offset=16 (local.get $mp))))
        (local.set $acca (f64x2.add (local.get $acca) (f64x2.mul (local.get $ea) (local.get $ea))))
        (local.set $accb (f64x2.add (local.get $accb) (f64x2.mul (local.get $eb) (local.get $eb))))
        (v128.store (local.get $op) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $ea)) (f32x4.demote_f64x2_zero (local.get $eb))))
        (local.set $mp (i32.add (local.get $mp) (i32.const 32)))
        (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
        (local.set $op (i32.add (local.get $op) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vl)))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $e (f64.sub (f64.promote_f32 (f32.load (local.get $xp))) (f64.load (local.get $mp))))
        (f32.store (local.get $op) (f32.demote_f64 (local.get $e)))
        (local.set $t (f64.add (local.get $t) (f64.mul (local.get $e) (local.get $e))))
        (local.set $mp (i32.add (local.get $mp) (i32.const 8)))
        (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
        (local.set $op (i32.add (local.get $op) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tl)))
      (local.set $acca (f64x2.add (local.get $acca) (local.get $accb)))
      (local.set $s (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acca)) (f64x2.extract_lane 1 (local.get $acca))) (local.get $t)))
      (f64.store (i32.add (local.get $rowSq) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
      (local.set $p (i32.add (local.get $wss) (i32.shl (local.get $y) (i32.const 3))))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $s)))
      (local.set $p (i32.add (local.get $counts) (i32.shl (local.get $y) (i32.const 3))))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))
)
