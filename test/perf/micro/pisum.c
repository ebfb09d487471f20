/* pisum.c: the C twin of pisum.jl (clang -O2). */
#include <stdio.h>
#include <time.h>
static double pisum(void)
{
    double sum = 0.0;
    for (int j = 1; j <= 500; j++) {
        sum = 0.0;
        for (long k = 1; k <= 10000; k++)
            sum += 1.0 / (double)(k * k);
    }
    return sum;
}
int main(void)
{
    double best = 1e30, r = 0;
    for (int i = 0; i < 5; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        r = pisum();
        clock_gettime(CLOCK_MONOTONIC, &b);
        double t = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
        if (t < best)
            best = t;
    }
    printf("pisum() = %.16g best_ms %g\n", r, best);
    return 0;
}
