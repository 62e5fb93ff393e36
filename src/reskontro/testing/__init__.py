"""Support for the test suite and benchmarks (throwaway databases); not used at run time."""
