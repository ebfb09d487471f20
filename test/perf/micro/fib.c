/* fib.c: the C twin of fib.jl (clang -O2). */
#include <stdio.h>
#include <stdint.h>
#include <time.h>
static int64_t fib(int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void)
{
    double best = 1e30;
    volatile int64_t n = 30;
    int64_t r = 0;
    for (int i = 0; i < 5; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        r = fib(n);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double t = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
        if (t < best)
            best = t;
    }
    printf("fib(30) = %ld best_ms %g\n", (long)r, best);
    return 0;
}
