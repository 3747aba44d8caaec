// Host implementation of the nanoFramework.TestFramework attributes and exception
// (source/TestFrameworkShared/*.cs in nanoframework/nanoFramework.TestFramework).

using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose test methods the launcher runs.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a public test method without data rows.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Marks a method run once per class, before its tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Marks a method run once per class, after its tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>
    /// One set of arguments for a test method; each row is run as its own test. When a method
    /// has rows, its <see cref="TestMethodAttribute"/> (if any) is ignored, as on a board.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        /// <summary>Creates a row; the real library rejects null and empty argument lists.</summary>
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null)
            {
                throw new ArgumentNullException($"{nameof(methodParameters)} can not be null");
            }

            if (methodParameters.Length == 0)
            {
                throw new ArgumentException($"{nameof(methodParameters)} can not be empty");
            }

            MethodParameters = methodParameters;
        }

        /// <summary>The arguments passed to the test method.</summary>
        public object[] MethodParameters { get; }
    }
}

namespace TestFrameworkShared
{
    /// <summary>Thrown by a failed assertion (same namespace as in the real library).</summary>
    public class AssertFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public AssertFailedException()
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        /// <summary>Creates the exception with a message and an inner exception.</summary>
        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }
    }
}
