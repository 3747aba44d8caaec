// Reference-only stub of the nanoFramework.TestFramework members NanoWs tests may use.
//
// Source of truth: github.com/nanoframework/nanoFramework.TestFramework
//   commit d4fa55eb58a9ef2f4635e87da79d42e6c49b04b4 (branch main, 2025-09-30; the public API
//   is identical to tag v3.0.77, the version named in tests/NanoWs.Tests/*/packages.config)
//   source/TestFramework/Assert.cs               IsTrue, IsFalse, IsNull, IsNotNull, ThrowsException
//   source/TestFramework/Assert.AreEqual.cs      AreEqual (15 overloads)
//   source/TestFramework/Assert.AreNotEqual.cs   AreNotEqual (15 overloads)
//   source/TestFramework/CollectionAssert.cs     CollectionAssert.AreEqual
//   source/TestFrameworkShared/*Attribute.cs     TestClass, TestMethod, Setup, Cleanup, DataRow
//
// Signatures, parameter names, defaults and AttributeUsage are copied from those files; bodies
// are not (this assembly is only compiled against, never run). Every member below is a promise
// that the real library has it. To use another member, look it up in the files above, then add
// it here AND to the host implementation in tests/NanoWs.Tests.Host/TestFramework/.

using System;
using System.Collections;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// The members of nanoFramework.TestFramework 3.0.77 that NanoWs tests may use:
    /// <list type="bullet">
    /// <item>Attributes: <c>[TestClass]</c>, <c>[TestMethod]</c>, <c>[Setup]</c>, <c>[Cleanup]</c>,
    /// <c>[DataRow(params object[])]</c> (several per method).</item>
    /// <item><c>Assert.AreEqual(expected, actual, message = "")</c> and
    /// <c>Assert.AreNotEqual(notExpected, actual, message = "")</c>, each for bool, byte, char,
    /// DateTime, double, float, int, long, object, sbyte, short, string, uint, ulong, ushort.</item>
    /// <item><c>Assert.IsTrue(bool, message = "")</c>, <c>Assert.IsFalse(bool, message = "")</c>,
    /// <c>Assert.IsNull(object, message = "")</c>, <c>Assert.IsNotNull(object, message = "")</c>.</item>
    /// <item><c>Assert.ThrowsException(Type exception, Action action, message = "")</c>: the exact
    /// type, not a derived one.</item>
    /// <item><c>CollectionAssert.AreEqual(ICollection expected, ICollection actual, message = "")</c>.</item>
    /// </list>
    /// There is no <c>Assert.Fail</c> in the real library.
    /// </summary>
    public sealed class Assert
    {
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "") { }

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "") { }
        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "") { }

        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "") { }
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "") { }
        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "") { }
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "") { }

        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "") { }
    }

    /// <summary>See <see cref="Assert"/> for the list of members this stub promises.</summary>
    public sealed class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") { }
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { }
    }
}
