/*
 * The machine's floor for a busy-spinning control thread, without a JVM: spins on absolute 1 ms
 * deadlines for N seconds and prints how late each deadline was seen (percentiles), and how many
 * times the spinning thread itself lost the CPU for more than 5 us. Whatever it shows comes from
 * the kernel, the other threads and the hypervisor, not from Ironloop.
 *
 *   gcc -O2 -o /tmp/spin-floor tools/spin-floor.c
 *   /tmp/spin-floor 60                  # unpinned
 *   taskset -c 3 /tmp/spin-floor 60     # on the core the control agent would get
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ volatile("yield");
#endif
}

static int compare(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const int seconds = argc > 1 ? atoi(argv[1]) : 60;
    const long ticks = seconds * 1000L;
    const int64_t period = 1000000;
    int64_t *late = malloc(sizeof(int64_t) * (size_t)ticks);
    long gaps[6] = {0};
    if (seconds <= 0 || late == NULL)
    {
        fprintf(stderr, "usage: spin-floor SECONDS (positive)\n");
        return 2;
    }
    int64_t deadline = now_ns() + period;
    int64_t previous = now_ns();
    for (long k = 0; k < ticks; k++)
    {
        int64_t t;
        for (;;)
        {
            t = now_ns();
            const int64_t gap = t - previous;
            if (gap > 5000)
            {
                gaps[gap < 10000 ? 0 : gap < 20000 ? 1 : gap < 50000 ? 2 : gap < 200000 ? 3 : gap < 1000000 ? 4 : 5]++;
            }
            previous = t;
            if (t >= deadline)
            {
                break;
            }
            spin_pause();
        }
        late[k] = t - deadline;
        deadline += period;
    }
    qsort(late, (size_t)ticks, sizeof(int64_t), compare);
    printf("lateness p50 %.1f p99 %.1f p99.9 %.1f p99.99 %.1f max %.1f us (%ld deadlines)\n",
        late[ticks / 2] / 1e3, late[ticks * 99 / 100] / 1e3, late[ticks * 999 / 1000] / 1e3,
        late[ticks * 9999 / 10000] / 1e3, late[ticks - 1] / 1e3, ticks);
    printf("CPU lost for 5-10 us %ld, 10-20 us %ld, 20-50 us %ld, 50-200 us %ld, 0.2-1 ms %ld, >1 ms %ld times\n",
        gaps[0], gaps[1], gaps[2], gaps[3], gaps[4], gaps[5]);
    free(late);
    return 0;
}
