// Host implementation of the nanoFramework.TestFramework Assert members listed in
// eng/NanoFrameworkStubs/TestFramework/TestFramework.cs. Same namespace, signatures and
// comparison rules as the real library (nanoframework/nanoFramework.TestFramework,
// source/TestFramework/Assert*.cs), so a test behaves the same here and on a board.

using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions with the semantics of nanoFramework.TestFramework: a failed check throws
    /// <see cref="AssertFailedException"/> whose message names the assertion, e.g.
    /// <c>Assert.AreEqual failed. Expected:&lt;1&gt;. Actual:&lt;2&gt;. frame.Length</c>.
    /// Values are compared with <see cref="object.Equals(object, object)"/> after boxing, strings
    /// ordinally (nanoFramework's <c>string.Compare</c> has no culture).
    /// </summary>
    [StackTraceHidden]
    public sealed class Assert
    {
        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <summary>Fails unless the strings are ordinally equal (two nulls are equal).</summary>
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (string.CompareOrdinal(expected, actual) != 0)
            {
                HandleFail("Assert.AreEqual", $"Expected:<{ReplaceNulls(expected)}>. Actual:<{ReplaceNulls(actual)}>. {ReplaceNulls(message)}");
            }
        }

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <inheritdoc cref="AreEqual(bool, bool, string)"/>
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckEqual(expected, actual, message);

        /// <summary>Fails if <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <summary>Fails if the strings are ordinally equal.</summary>
        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (string.CompareOrdinal(notExpected, actual) == 0)
            {
                HandleFail("Assert.AreNotEqual", $"Expected any value except:<{ReplaceNulls(notExpected)}>. Actual:<{ReplaceNulls(actual)}>. {ReplaceNulls(message)}");
            }
        }

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <inheritdoc cref="AreNotEqual(bool, bool, string)"/>
        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") => CheckNotEqual(notExpected, actual, message);

        /// <summary>Fails unless <paramref name="condition"/> is true.</summary>
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        /// <summary>Fails unless <paramref name="condition"/> is false.</summary>
        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> is null.</summary>
        public static void IsNull(object value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is not null)
            {
                HandleFail("Assert.IsNull", message);
            }
        }

        /// <summary>Fails if <paramref name="value"/> is null.</summary>
        public static void IsNotNull(object value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        /// <summary>
        /// Fails unless <paramref name="action"/> throws an exception whose type is exactly
        /// <paramref name="exception"/>; a derived type fails, as on nanoFramework.
        /// </summary>
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "")
        {
            EnsureParameterIsNotNull(action, "Assert.ThrowsException", nameof(action));
            EnsureParameterIsNotNull(exception, "Assert.ThrowsException", nameof(exception));

            try
            {
                action.Invoke();
            }
            catch (Exception ex)
            {
                if (exception == ex.GetType())
                {
                    return;
                }

                HandleFail("Assert.ThrowsException", $"Threw exception {ex.GetType().Name}, but exception {exception.Name} was expected. {ReplaceNulls(message)}\r\nException Message: {ex.Message}");
            }

            HandleFail("Assert.ThrowsException", $"No exception thrown. {exception.Name} exception was expected. {ReplaceNulls(message)}");
        }

        private static void CheckEqual(object expected, object actual, string message)
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", $"Expected:<{ReplaceNulls(expected)}>. Actual:<{ReplaceNulls(actual)}>. {ReplaceNulls(message)}");
            }
        }

        private static void CheckNotEqual(object notExpected, object actual, string message)
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", $"Expected any value except:<{ReplaceNulls(notExpected)}>. Actual:<{ReplaceNulls(actual)}>. {ReplaceNulls(message)}");
            }
        }

        internal static void EnsureParameterIsNotNull(object value, string assertion, string parameter)
        {
            if (value is null)
            {
                HandleFail(assertion, $"The parameter '{parameter}' is invalid. The value cannot be null.");
            }
        }

        internal static void HandleFail(string assertion, string message)
        {
            string safeMessage = string.IsNullOrEmpty(message) ? string.Empty : ReplaceNulls(message);
            throw new AssertFailedException($"{assertion} failed. {safeMessage}");
        }

        internal static string ReplaceNulls(object input)
        {
            if (input is null)
            {
                return "(null)";
            }

            string text = input.ToString() ?? "(object)";
            return text.Replace("\0", "\\0", StringComparison.Ordinal);
        }
    }
}
