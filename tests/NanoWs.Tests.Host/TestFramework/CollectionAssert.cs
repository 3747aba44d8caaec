// Host implementation of nanoFramework.TestFramework's CollectionAssert.AreEqual
// (source/TestFramework/CollectionAssert.cs in nanoframework/nanoFramework.TestFramework).

using System.Collections;
using System.Diagnostics;

namespace nanoFramework.TestFramework
{
    /// <summary>Collection assertions with the semantics of nanoFramework.TestFramework.</summary>
    [StackTraceHidden]
    public sealed class CollectionAssert
    {
        /// <summary>
        /// Fails unless both collections have the same count and pairwise equal elements
        /// (<see cref="object.Equals(object, object)"/>), in order. Two nulls, or the same
        /// reference, are equal; one null is not.
        /// </summary>
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            string reason = string.Empty;

            if (!AreCollectionsEqual(expected, actual, ref reason))
            {
                Assert.HandleFail("CollectionAssert.AreEqual", $"{message}({reason})");
            }
        }

        private static bool AreCollectionsEqual(ICollection expected, ICollection actual, ref string reason)
        {
            if (ReferenceEquals(expected, actual))
            {
                reason = "Both collection references point to the same collection object. ";
                return true;
            }

            if (expected is null || actual is null)
            {
                return false;
            }

            if (expected.Count != actual.Count)
            {
                reason = "Different number of elements.";
                return false;
            }

            IEnumerator left = expected.GetEnumerator();
            IEnumerator right = actual.GetEnumerator();

            for (int index = 0; left.MoveNext() && right.MoveNext(); index++)
            {
                if (!Equals(left.Current, right.Current))
                {
                    reason = $"Element at index {index} do not match. Expected:<{left.Current}>. Actual:<{right.Current}>.";
                    return false;
                }
            }

            reason = "Both collection contain same elements.";
            return true;
        }
    }
}
