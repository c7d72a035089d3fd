//! A software x87 "long double" (64-bit mantissa, round-to-nearest-even), just enough to
//! reproduce how SQLite's printf scales a REAL into `[1, 10)` and adds its rounder: the
//! digits SQLite prints past the 17th come from these extended-precision roundings.
//!
//! Values are non-negative: `m × 2^e` with `m`'s top bit set (or `m == 0`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ld {
    m: u64,
    e: i32,
}

/// Rounds a 128-bit magnitude `v × 2^e` (plus a sticky flag for lost lower bits) to 64 bits.
fn round128(v: u128, e: i32, sticky: bool) -> Ld {
    if v == 0 {
        return Ld { m: 0, e: 0 };
    }
    let lz = v.leading_zeros() as i32;
    let shift = 64 - lz; // bits to drop so that 64 remain
    if shift <= 0 {
        let m = (v << (-shift)) as u64;
        return Ld { m, e: e + shift };
    }
    let shift = shift as u32;
    let kept = v >> shift;
    let rem = v & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let up = rem > half || (rem == half && (sticky || kept & 1 == 1));
    let mut m = kept;
    let mut e2 = e + shift as i32;
    if up {
        m += 1;
        if m >> 64 != 0 {
            m >>= 1;
            e2 += 1;
        }
    }
    Ld { m: m as u64, e: e2 }
}

impl Ld {
    pub fn from_u64(v: u64) -> Ld {
        round128(u128::from(v), 0, false)
    }

    /// `|r|` exactly (finite `r`).
    pub fn from_f64(r: f64) -> Ld {
        let bits = r.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, e) = if exp == 0 {
            (frac, -1074)
        } else {
            (frac | (1u64 << 52), exp - 1075)
        };
        round128(u128::from(m), e, false)
    }

    pub fn mul(self, o: Ld) -> Ld {
        round128(u128::from(self.m) * u128::from(o.m), self.e + o.e, false)
    }

    pub fn div(self, o: Ld) -> Ld {
        if self.m == 0 || o.m == 0 {
            return Ld { m: 0, e: 0 };
        }
        let d = u128::from(o.m);
        let num = u128::from(self.m) << 64;
        let (q, r) = (num / d, num % d);
        // Two more quotient bits and a sticky bit, so that rounding is exact.
        let (g, sticky) = ((r << 2) / d, (r << 2) % d != 0);
        round128((q << 2) | g, self.e - o.e - 66, sticky)
    }

    pub fn add(self, o: Ld) -> Ld {
        if self.m == 0 {
            return o;
        }
        if o.m == 0 {
            return self;
        }
        let (hi, lo) = if self.e >= o.e { (self, o) } else { (o, self) };
        // Work with 62 guard bits below the larger operand.
        let d = (hi.e - lo.e) as u32;
        let a = u128::from(hi.m) << 62;
        let (b, sticky) = if d >= 126 {
            (0, true)
        } else {
            let full = u128::from(lo.m) << 62;
            let b = full >> d;
            (b, (b << d) != full)
        };
        round128(a + b, hi.e - 62, sticky)
    }

    /// Rounds to the nearest double (ties to even), with subnormals and overflow to infinity.
    pub fn to_f64(self) -> f64 {
        if self.m == 0 {
            return 0.0;
        }
        // value = m × 2^e, m has 64 bits: the double's exponent of the leading bit is e + 63.
        let top = self.e + 63;
        if top > 1023 {
            return f64::INFINITY;
        }
        // Bits to keep: 53 for normal numbers, fewer below 2^-1022.
        let keep = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
        if keep <= 0 {
            // Below half the smallest subnormal (or exactly half: ties to even, i.e. 0).
            let half = top == -1075 && self.m > (1u64 << 63);
            return if half { f64::from_bits(1) } else { 0.0 };
        }
        let drop = 64 - keep as u32;
        let kept = self.m >> drop;
        let rem = self.m & ((1u64 << drop) - 1);
        let halfway = 1u64 << (drop - 1);
        let mut mant = kept;
        if rem > halfway || (rem == halfway && kept & 1 == 1) {
            mant += 1;
        }
        // mant × 2^(e + drop); f64 multiplication by a power of two is exact here.
        let exp = self.e + drop as i32;
        let v = mant as f64;
        if exp > 0 {
            let v = v * 2f64.powi(exp.min(1023));
            if exp > 1023 {
                v * 2f64.powi(exp - 1023)
            } else {
                v
            }
        } else {
            // Split to avoid underflowing the scale factor itself.
            let a = exp.max(-1000);
            v * 2f64.powi(a) * 2f64.powi(exp - a)
        }
    }

    /// `self >= o`.
    pub fn ge(self, o: Ld) -> bool {
        if self.m == 0 || o.m == 0 {
            return self.m >= o.m;
        }
        (self.e, self.m) >= (o.e, o.m)
    }

    /// Digits the way SQLite's printf extracts them: take the integer part (0..=9, or 10 after
    /// a carry), subtract it, multiply the rest by 10 in extended precision, repeat `n` times.
    /// For `self < 10` only.
    pub fn digits_by_steps(self, n: usize) -> Vec<u8> {
        let ten = Ld::from_u64(10);
        let mut x = self;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            if x.m == 0 {
                out.push(0);
                continue;
            }
            let (d, rest) = if x.e >= 0 || x.e <= -64 {
                (0u64, x) // (x.e >= 0 is not reached for values below 16)
            } else {
                let k = (-x.e) as u32;
                let d = x.m >> k;
                let frac = x.m & ((1u64 << k) - 1);
                (d, round128(u128::from(frac), x.e, false))
            };
            out.push(d as u8);
            x = rest.mul(ten);
        }
        out
    }

    /// Exact decimal digits of a value below 2^64 (integer part then fraction), at most
    /// `max` digits; returns the digits and the count of integer digits.
    #[cfg(test)]
    pub fn digits(self, max: usize) -> (Vec<u8>, i32) {
        if self.m == 0 {
            return (vec![0], 1);
        }
        // value = m × 2^e with e in about -63..=0 for the values we print.
        let (int, mut frac, k) = if self.e >= 0 {
            ((u128::from(self.m)) << self.e.min(60), 0u128, 0u32)
        } else {
            let k = (-self.e) as u32;
            if k >= 128 {
                (0, u128::from(self.m), k)
            } else {
                let v = u128::from(self.m);
                (v >> k, v & ((1u128 << k) - 1), k)
            }
        };
        let mut digits: Vec<u8> = int.to_string().bytes().map(|c| c - b'0').collect();
        let n_int = digits.len() as i32;
        if int == 0 {
            digits.clear();
        }
        while frac != 0 && digits.len() < max && k < 124 {
            frac *= 10;
            digits.push((frac >> k) as u8);
            frac &= (1u128 << k) - 1;
        }
        (digits, if int == 0 { 0 } else { n_int })
    }
}

/// Scales `|r|` (finite, non-zero) into `[1, 10)` as SQLite's printf does in extended
/// precision (fitted to sqlite3's output digit for digit): large values are divided by a
/// scale built from the double constant `1e100`, then `1e10`, then `10`; small values are
/// multiplied by `1e8` while below `1e-8`, then by `10`. Returns the scaled value and the
/// decimal exponent.
pub(crate) fn normalize(r: f64) -> (Ld, i32) {
    normalize_ld(Ld::from_f64(r))
}

/// [`normalize`] of a value already in extended precision (positive, finite).
pub(crate) fn normalize_ld(v: Ld) -> (Ld, i32) {
    let ten = Ld::from_u64(10);
    let one = Ld::from_u64(1);
    let mut e = 0;
    if v.ge(ten) {
        let mut scale = one;
        for (step, n) in [
            (Ld::from_f64(1e100), 100),
            (Ld::from_u64(10_000_000_000), 10),
            (ten, 1),
        ] {
            while v.ge(step.mul(scale)) && e < 400 {
                scale = scale.mul(step);
                e += n;
            }
        }
        (v.div(scale), e)
    } else {
        let mut x = v;
        let chunk = Ld::from_u64(100_000_000);
        let small = Ld::from_f64(1e-8);
        while !x.ge(small) && e > -400 {
            x = x.mul(chunk);
            e -= 8;
        }
        while !x.ge(one) && e > -400 {
            x = x.mul(ten);
            e -= 1;
        }
        (x, e)
    }
}

/// `s × 10^e` computed as SQLite's text-to-real conversion does (fitted to sqlite3): the
/// power of ten is built by repeated `×10` in extended precision, then multiplies or divides
/// the significand, and the result is rounded to a double.
pub(crate) fn decimal_to_f64(s: u64, e: i32) -> f64 {
    if s == 0 {
        return 0.0;
    }
    let ten = Ld::from_u64(10);
    let mut p = Ld::from_u64(1);
    for _ in 0..e.unsigned_abs().min(5000) {
        p = p.mul(ten);
    }
    let v = Ld::from_u64(s);
    if e >= 0 {
        v.mul(p).to_f64()
    } else {
        v.div(p).to_f64()
    }
}

/// SQLite's printf rounder for `k` digits after the first, in extended precision: the double
/// constant `5e-(k mod 10)` (`0.5`, `0.05`, ... `5e-10`), multiplied by the double constant
/// `1e-10` once per ten further digits; `k` counts modulo 4096 (a 12-bit index). Fitted to
/// sqlite3 3.40.1 on 10,000 expressions (ties and random values, `%e %f %g`, `!`, precisions
/// 0..30): `%.3e` of 123.25 is `1.232e+02` (1.2325 rounds down in extended precision and the
/// constant `5e-4` is too small to lift it), `%.1E` of 255 is `2.6E+02`, `%.2e` of 1.125 is
/// `1.13e+00`. `k < 0` (not reached by printf) gives `0.5 × 10^-k`.
pub(crate) fn rounder(k: i32) -> Ld {
    const HALVES: [f64; 10] = [
        5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05, 5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10,
    ];
    if k < 0 {
        let ten = Ld::from_u64(10);
        let mut r = Ld::from_f64(0.5);
        for _ in 0..(-k).min(400) {
            r = r.mul(ten);
        }
        return r;
    }
    let mut idx = k & 0xfff;
    let mut r = Ld::from_f64(HALVES[(idx % 10) as usize]);
    let e10 = Ld::from_f64(1.0e-10);
    while idx >= 10 {
        r = r.mul(e10);
        idx -= 10;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_conversion_like_sqlite() {
        // sqlite3 reads 3.008471950704213e-6 one ulp above the correctly rounded double.
        let v = decimal_to_f64(3_008_471_950_704_213, -21);
        assert_eq!(v.to_bits(), 3.008471950704213e-6f64.to_bits() + 1);
        assert_eq!(decimal_to_f64(15, -1), 1.5);
        assert_eq!(decimal_to_f64(17_976_931_348_623_157, 292), f64::MAX);
        assert_eq!(decimal_to_f64(1, 400), f64::INFINITY);
        assert_eq!(decimal_to_f64(49, -325), 5e-324);
        assert_eq!(decimal_to_f64(1, -400), 0.0);
        assert_eq!(decimal_to_f64(123, 0), 123.0);
    }

    #[test]
    fn arithmetic() {
        let ten = Ld::from_u64(10);
        assert_eq!(Ld::from_u64(3).mul(ten), Ld::from_u64(30));
        assert_eq!(Ld::from_u64(30).div(ten), Ld::from_u64(3));
        assert_eq!(Ld::from_u64(2).add(Ld::from_u64(3)), Ld::from_u64(5));
        assert!(Ld::from_u64(10).ge(Ld::from_u64(9)));
        assert!(!Ld::from_u64(9).ge(Ld::from_u64(10)));
        let (d, n) = Ld::from_f64(2.5).digits(10);
        assert_eq!((d, n), (vec![2, 5], 1));
        // 2^63 / 1e18 in extended precision: 9.2233720368547758078...
        let (x, e) = normalize(9223372036854775808.0);
        assert_eq!(e, 18);
        let (d, _) = x.digits(21);
        assert_eq!(
            d,
            vec![9, 2, 2, 3, 3, 7, 2, 0, 3, 6, 8, 5, 4, 7, 7, 5, 8, 0, 7, 8, 0]
        );
        // 1234567 / 1e6 rounds up in extended precision: 1.2345670000000000000048642
        let q = Ld::from_f64(1234567.0).div(Ld::from_u64(1_000_000));
        let (d, _) = q.digits(26);
        let s: String = d.iter().map(|c| (b'0' + c) as char).collect();
        assert_eq!(&s[..26], "12345670000000000000048641");
    }
}
