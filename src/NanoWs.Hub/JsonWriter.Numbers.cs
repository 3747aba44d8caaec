using System;

namespace NanoWs.Hub
{
    /// <summary>
    /// Number formatting without allocation: integers digit by digit, doubles to a number of
    /// significant digits (shortest form, trailing zeros dropped) or to a fixed number of decimals.
    /// JSON has no NaN or infinity (RFC 8259 §6): those are written as <c>null</c>.
    /// </summary>
    internal sealed partial class JsonWriter
    {
        /// <summary>Most significant digits <see cref="WriteNumber(double)"/> can be asked for.</summary>
        public const int MaxSignificantDigits = 15;

        /// <summary>Most decimals <see cref="WriteNumber(double, int)"/> accepts.</summary>
        public const int MaxDecimals = 9;

        // Exact powers of ten: every 10^k with k ≤ 22 is representable in a double, so one multiply
        // or divide by them rounds once. Shared, allocated once per process.
        private static readonly double[] Pow10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        private static readonly long[] Pow10Long =
        {
            1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
            10000000000L, 100000000000L, 1000000000000L, 10000000000000L, 100000000000000L,
            1000000000000000L, 10000000000000000L, 100000000000000000L, 1000000000000000000L,
        };

        // double.MaxValue is 1.7976931348623157e308: its first 17 significant digits and exponent.
        private const long MaxValueDigits = 17976931348623157L;
        private const int MaxExponent10 = 308;

        private int _significantDigits = 10;

        /// <summary>
        /// Significant digits <see cref="WriteNumber(double)"/> keeps (1 to 15, default 10): enough
        /// for any sensor, few enough that 0.1 + 0.2 is written as 0.3.
        /// </summary>
        public int SignificantDigits
        {
            get { return _significantDigits; }
            set
            {
                if (value < 1 || value > MaxSignificantDigits)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _significantDigits = value;
            }
        }

        /// <summary>Writes an integer.</summary>
        /// <param name="value">The value.</param>
        public void WriteNumber(long value)
        {
            BeforeValue();
            PutLong(value);
        }

        /// <summary>
        /// Writes a double with <see cref="SignificantDigits"/> significant digits, in the shortest
        /// form: <c>21.5</c>, <c>-0.004</c>, <c>1500</c>, <c>1.5e+21</c>. NaN and infinities are
        /// written as <c>null</c>.
        /// </summary>
        /// <param name="value">The value.</param>
        public void WriteNumber(double value)
        {
            BeforeValue();
            PutDouble(value, _significantDigits);
        }

        /// <summary>
        /// Writes a double rounded to <paramref name="decimals"/> decimals (0 to 9), trailing zeros
        /// dropped: 21.46 with 1 decimal is <c>21.5</c>, 20.04 is <c>20</c>. Values too large for that
        /// precision fall back to <see cref="WriteNumber(double)"/>. NaN and infinities are <c>null</c>.
        /// </summary>
        /// <param name="value">The value.</param>
        /// <param name="decimals">Digits after the decimal point at most.</param>
        public void WriteNumber(double value, int decimals)
        {
            if (decimals < 0 || decimals > MaxDecimals)
            {
                throw new ArgumentOutOfRangeException("decimals");
            }

            BeforeValue();
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                PutNull();
                return;
            }

            bool negative = value < 0;
            double scaled = (negative ? -value : value) * Pow10[decimals];
            if (scaled >= 9e15)
            {
                PutDouble(value, _significantDigits);
                return;
            }

            long m = (long)(scaled + 0.5);
            if (m == 0)
            {
                Put((byte)'0');
                return;
            }

            if (negative)
            {
                Put((byte)'-');
            }

            long whole = m / Pow10Long[decimals];
            long fraction = m % Pow10Long[decimals];
            PutLong(whole);
            if (fraction == 0)
            {
                return;
            }

            int width = decimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                width--;
            }

            Put((byte)'.');
            PutDigits(fraction, width);
        }

        private void PutDouble(double value, int significant)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                PutNull();
                return;
            }

            if (value == 0)
            {
                Put((byte)'0');
                return;
            }

            bool negative = value < 0;
            double a = negative ? -value : value;

            // Whole numbers of up to 15 digits are exact in a double: write them as integers.
            if (a < 1e15 && a == (long)a)
            {
                if (negative)
                {
                    Put((byte)'-');
                }

                PutLong((long)a);
                return;
            }

            // m × 10^(e - significant + 1) with m holding exactly `significant` digits.
            int e = Exponent10(a);
            long m = (long)(Scale(a, significant - 1 - e) + 0.5);
            if (m >= Pow10Long[significant])
            {
                e++;
                m = (long)(Scale(a, significant - 1 - e) + 0.5);
            }
            else if (m < Pow10Long[significant - 1])
            {
                e--;
                m = (long)(Scale(a, significant - 1 - e) + 0.5);
            }

            // Near double.MaxValue, rounding up can give a decimal above it, which readers turn into
            // infinity (1.797693135e+308): keep to the largest one that is not.
            if (e == MaxExponent10 && m > MaxValueDigits / Pow10Long[17 - significant])
            {
                m = MaxValueDigits / Pow10Long[17 - significant];
            }

            int digits = significant;
            while (digits > 1 && m % 10 == 0)
            {
                m /= 10;
                digits--;
            }

            if (negative)
            {
                Put((byte)'-');
            }

            if (e >= 21 || e < -6)
            {
                // Exponent form, as JavaScript writes such numbers: 1.5e+21, 2e-7.
                long head = m / Pow10Long[digits - 1];
                Put((byte)('0' + head));
                if (digits > 1)
                {
                    Put((byte)'.');
                    PutDigits(m % Pow10Long[digits - 1], digits - 1);
                }

                Put((byte)'e');
                Put(e < 0 ? (byte)'-' : (byte)'+');
                PutLong(e < 0 ? -e : e);
            }
            else if (e >= digits - 1)
            {
                PutLong(m);
                for (int i = digits - 1; i < e; i++)
                {
                    Put((byte)'0');
                }
            }
            else if (e >= 0)
            {
                long scale = Pow10Long[digits - 1 - e];
                PutLong(m / scale);
                Put((byte)'.');
                PutDigits(m % scale, digits - 1 - e);
            }
            else
            {
                Put((byte)'0');
                Put((byte)'.');
                for (int i = -1; i > e; i--)
                {
                    Put((byte)'0');
                }

                PutDigits(m, digits);
            }
        }

        /// <summary>floor(log10(a)) for a finite a &gt; 0 (may be off by one; the caller corrects).</summary>
        private static int Exponent10(double a)
        {
            int e = 0;
            while (a >= 1e22)
            {
                a /= 1e22;
                e += 22;
            }

            while (a < 1)
            {
                if (a < 1e-22)
                {
                    a *= 1e22;
                    e -= 22;
                }
                else
                {
                    a *= 10;
                    e--;
                }
            }

            int k = 0;
            while (k < 22 && a >= Pow10[k + 1])
            {
                k++;
            }

            return e + k;
        }

        /// <summary>a × 10^shift, with a single rounding when |shift| ≤ 22.</summary>
        internal static double Scale(double a, int shift)
        {
            while (shift > 22)
            {
                a *= 1e22;
                shift -= 22;
            }

            while (shift < -22)
            {
                a /= 1e22;
                shift += 22;
            }

            return shift >= 0 ? a * Pow10[shift] : a / Pow10[-shift];
        }

        private void PutLong(long value)
        {
            if (value < 0)
            {
                Put((byte)'-');

                // Peel one digit so long.MinValue never has to be negated whole.
                long head = value / 10;
                int last = (int)-(value % 10);
                if (head != 0)
                {
                    PutLong(-head);
                }

                Put((byte)('0' + last));
                return;
            }

            int count = 1;
            while (count < 19 && value >= Pow10Long[count])
            {
                count++;
            }

            PutDigits(value, count);
        }

        /// <summary>Writes exactly <paramref name="count"/> digits of a non-negative value, zero-padded.</summary>
        private void PutDigits(long value, int count)
        {
            if (_overflow || _end - _pos < count)
            {
                _overflow = true;
                _pos = _end;
                return;
            }

            for (int i = count - 1; i >= 0; i--)
            {
                _buffer[_pos + i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }

            _pos += count;
        }
    }
}
