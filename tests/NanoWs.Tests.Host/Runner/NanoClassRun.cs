using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace NanoWs.Tests.Host.Runner
{
    /// <summary>
    /// Runs the cases of one test class in launcher order, each once: setups, tests, data rows,
    /// cleanups. A failing setup does not stop the class, as on a board.
    /// </summary>
    public static class NanoClassRun
    {
        /// <summary>
        /// Runs <paramref name="cases"/> (all from one class, in <see cref="NanoTestCatalog"/> order)
        /// and returns each case's failure by <see cref="NanoTestCase.Id"/>, or null when it passed.
        /// </summary>
        public static IReadOnlyDictionary<string, ExceptionDispatchInfo> Run(IEnumerable<NanoTestCase> cases)
        {
            var outcomes = new Dictionary<string, ExceptionDispatchInfo>(StringComparer.Ordinal);
            object instance = null;

            foreach (NanoTestCase testCase in cases)
            {
                try
                {
                    if (testCase.Problem != null)
                    {
                        throw new InvalidOperationException(testCase.Problem);
                    }

                    object target = null;
                    if (!testCase.Method.IsStatic)
                    {
                        // A board passes null; the class has no instance fields (see Problem), so an
                        // instance whose constructor never ran behaves the same.
                        instance ??= RuntimeHelpers.GetUninitializedObject(testCase.TestClass);
                        target = instance;
                    }

                    testCase.Method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, testCase.Arguments, null);
                    outcomes[testCase.Id] = null;
                }
                catch (Exception ex)
                {
                    outcomes[testCase.Id] = ExceptionDispatchInfo.Capture(ex);
                }
            }

            return outcomes;
        }
    }
}
