// Reference-only stub of the nanoFramework.Runtime.Native members the board code uses.
//
// Source of truth: github.com/nanoframework/nanoFramework.Runtime.Native
//   commit e70ef6920ca811b0403d667036fcbdc605d0e66e (tag v1.7.11; the version named in the board
//   projects' packages.config)
//   nanoFramework.Runtime.Native/GC.cs   static uint Run(bool compactHeap): collects, returns the free
//                                        managed heap in bytes

namespace nanoFramework.Runtime.Native
{
    /// <summary>The garbage collector (GC.cs).</summary>
    public static class GC
    {
        /// <summary>Runs a collection; returns the free managed heap in bytes.</summary>
        public static uint Run(bool compactHeap)
        {
            throw null;
        }
    }
}
