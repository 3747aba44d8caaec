using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;

namespace NanoWs.Tests.Host.Runner
{
    /// <summary>What a <see cref="NanoTestCase"/> runs as, in the order the launcher runs them.</summary>
    public enum NanoTestKind
    {
        /// <summary>A <c>[Setup]</c> method: once per class, before its tests.</summary>
        Setup,

        /// <summary>A <c>[TestMethod]</c> without data rows.</summary>
        TestMethod,

        /// <summary>One <c>[DataRow]</c> of a method.</summary>
        DataRow,

        /// <summary>A <c>[Cleanup]</c> method: once per class, after its tests.</summary>
        Cleanup,

        /// <summary>A test attribute the launcher would silently ignore; reported as a failure.</summary>
        Ignored,
    }

    /// <summary>One test as nanoFramework's launcher sees it: a method, and its arguments for a data row.</summary>
    public sealed class NanoTestCase
    {
        internal NanoTestCase(string id, Type testClass, MethodInfo method, NanoTestKind kind, object[] arguments, string problem)
        {
            Id = id;
            TestClass = testClass;
            Method = method;
            Kind = kind;
            Arguments = arguments;
            Problem = problem;
        }

        /// <summary>Unique, readable name, also the xUnit display name: <c>Ns.Class.Method</c>,
        /// <c>Ns.Class.Method(row 2: 5, 6)</c>, <c>Ns.Class.Method [Setup]</c>.</summary>
        public string Id { get; }

        /// <summary>The <c>[TestClass]</c> type.</summary>
        public Type TestClass { get; }

        /// <summary>The method to invoke.</summary>
        public MethodInfo Method { get; }

        /// <summary>Role of the method in the class run.</summary>
        public NanoTestKind Kind { get; }

        /// <summary>Arguments of a data row, otherwise null.</summary>
        public object[] Arguments { get; }

        /// <summary>Why this case cannot run as written on a board (it then fails), or null.</summary>
        public string Problem { get; }

        /// <inheritdoc/>
        public override string ToString() => Id;
    }

    /// <summary>
    /// Finds tests the way nanoFramework's UnitTestLauncher does (nanoframework/nanoFramework.TestFramework,
    /// source/UnitTestLauncher/Program.cs): classes whose attribute is exactly <c>[TestClass]</c>; their
    /// public methods (<c>Type.GetMethods()</c>); per class first every <c>[Setup]</c>, then every
    /// <c>[TestMethod]</c> without rows, then every <c>[DataRow]</c>, then every <c>[Cleanup]</c>.
    /// The launcher calls each method as <c>method.Invoke(null, row)</c>: no instance is created.
    /// </summary>
    public static class NanoTestCatalog
    {
        /// <summary>Lists the test cases of <paramref name="assembly"/> in launcher order.</summary>
        /// <param name="assembly">Assembly holding the test classes.</param>
        /// <param name="includeType">Which classes to consider; null for all.</param>
        public static IReadOnlyList<NanoTestCase> Discover(Assembly assembly, Func<Type, bool> includeType = null)
        {
            var cases = new List<NanoTestCase>();
            IEnumerable<Type> types = assembly.GetTypes()
                .Where(t => t.IsClass && (includeType == null || includeType(t)))
                .OrderBy(t => t.FullName, StringComparer.Ordinal);

            foreach (Type type in types)
            {
                if (type.GetCustomAttributes(true).Any(a => a.GetType() == typeof(TestClassAttribute)))
                {
                    AddClass(type, cases);
                }
                else
                {
                    AddIgnored(type, cases, onlyNonPublic: false);
                }
            }

            // Overloads share a name: keep ids unique so xUnit shows every case.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < cases.Count; i++)
            {
                string id = cases[i].Id;
                for (int n = 2; !seen.Add(id); n++)
                {
                    id = cases[i].Id + " #" + n;
                }

                if (!ReferenceEquals(id, cases[i].Id))
                {
                    NanoTestCase c = cases[i];
                    cases[i] = new NanoTestCase(id, c.TestClass, c.Method, c.Kind, c.Arguments, c.Problem);
                }
            }

            return cases;
        }

        private static void AddClass(Type type, List<NanoTestCase> cases)
        {
            MethodInfo[] methods = type.GetMethods()
                .OrderBy(m => m.DeclaringType == type ? 0 : 1)
                .ThenBy(m => m.MetadataToken)
                .ToArray();
            var attributes = new Dictionary<MethodInfo, object[]>();
            string instanceProblem = InstanceProblem(type);

            foreach (MethodInfo method in methods)
            {
                try
                {
                    attributes[method] = method.GetCustomAttributes(true);
                }
                catch (Exception ex)
                {
                    // e.g. [DataRow()] or [DataRow(null)]: the real attribute throws too.
                    attributes[method] = Array.Empty<object>();
                    cases.Add(new NanoTestCase(type.FullName + "." + method.Name + " [invalid]", type, method, NanoTestKind.Ignored, null,
                        "Its attributes cannot be created: " + (ex.InnerException ?? ex).Message));
                }
            }

            foreach (NanoTestKind kind in new[] { NanoTestKind.Setup, NanoTestKind.TestMethod, NanoTestKind.DataRow, NanoTestKind.Cleanup })
            {
                foreach (MethodInfo method in methods)
                {
                    DataRowAttribute[] rows = attributes[method].OfType<DataRowAttribute>().ToArray();
                    string problem = method.IsStatic ? null : instanceProblem;
                    string name = type.FullName + "." + method.Name;

                    if (kind == NanoTestKind.DataRow)
                    {
                        for (int i = 0; i < rows.Length; i++)
                        {
                            object[] args = rows[i].MethodParameters;
                            string id = string.Format(CultureInfo.InvariantCulture, "{0}(row {1}: {2})", name, i + 1, FormatArguments(args));
                            cases.Add(new NanoTestCase(id, type, method, kind, args, problem ?? ArgumentProblem(method, args)));
                        }
                    }
                    else if (attributes[method].Any(a => a.GetType() == AttributeOf(kind)) && !(kind == NanoTestKind.TestMethod && rows.Length > 0))
                    {
                        string suffix = kind == NanoTestKind.TestMethod ? string.Empty : " [" + kind + "]";
                        cases.Add(new NanoTestCase(name + suffix, type, method, kind, null, problem ?? ArgumentProblem(method, null)));
                    }
                }
            }

            AddIgnored(type, cases, onlyNonPublic: true);
        }

        // Test attributes the launcher never sees: on a non-public method, or outside a [TestClass].
        private static void AddIgnored(Type type, List<NanoTestCase> cases, bool onlyNonPublic)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            string reason = onlyNonPublic ? "the method is not public" : "its class has no [TestClass] attribute";

            foreach (MethodInfo method in type.GetMethods(all).OrderBy(m => m.MetadataToken))
            {
                if ((!onlyNonPublic || !method.IsPublic) && method.CustomAttributes.Any(a => IsTestAttribute(a.AttributeType)))
                {
                    cases.Add(new NanoTestCase(type.FullName + "." + method.Name + " [ignored]", type, method, NanoTestKind.Ignored, null,
                        "The nanoFramework launcher never runs this test: " + reason + "."));
                }
            }
        }

        private static bool IsTestAttribute(Type attribute) =>
            attribute == typeof(TestMethodAttribute) || attribute == typeof(DataRowAttribute) || attribute == typeof(SetupAttribute) || attribute == typeof(CleanupAttribute);

        private static Type AttributeOf(NanoTestKind kind) => kind switch
        {
            NanoTestKind.Setup => typeof(SetupAttribute),
            NanoTestKind.TestMethod => typeof(TestMethodAttribute),
            NanoTestKind.Cleanup => typeof(CleanupAttribute),
            _ => typeof(DataRowAttribute),
        };

        // The launcher passes a null instance, so an instance field would throw on a board.
        private static string InstanceProblem(Type type)
        {
            for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                FieldInfo field = t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).FirstOrDefault();
                if (field != null)
                {
                    return $"{type.Name} has the instance field '{field.Name}', but nanoFramework's launcher invokes test methods " +
                        "without an instance (MethodInfo.Invoke(null, ...)). Keep test state in static fields.";
                }
            }

            return null;
        }

        // nanoCLR's MethodBase.Invoke does not convert arguments: require the exact parameter types.
        private static string ArgumentProblem(MethodInfo method, object[] args)
        {
            ParameterInfo[] parameters = method.GetParameters();
            int count = args?.Length ?? 0;
            if (parameters.Length != count)
            {
                return $"{method.Name} takes {parameters.Length} parameter(s) but is given {count}.";
            }

            for (int i = 0; i < count; i++)
            {
                Type type = parameters[i].ParameterType;
                object arg = args[i];
                bool fits = arg == null ? !type.IsValueType : (type.IsValueType ? arg.GetType() == type : type.IsInstanceOfType(arg));
                if (!fits)
                {
                    return $"Argument {i + 1} of {method.Name} is {(arg == null ? "null" : arg.GetType().Name)} but the parameter " +
                        $"'{parameters[i].Name}' is {type.Name}; a board does not convert DataRow values, cast them in the attribute.";
                }
            }

            return null;
        }

        internal static string FormatArguments(object[] args) => string.Join(", ", args.Select(FormatArgument));

        private static string FormatArgument(object value)
        {
            switch (value)
            {
                case null:
                    return "null";
                case string s:
                    return "\"" + (s.Length > 40 ? s.Substring(0, 37) + "..." : s) + "\"";
                case char c:
                    return "'" + c + "'";
                case Array a:
                    return a.GetType().GetElementType().Name + "[" + a.Length + "]";
                case IFormattable f:
                    return f.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString();
            }
        }
    }
}
