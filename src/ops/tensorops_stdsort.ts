// libstdc++'s std::sort (introsort: median-of-three quicksort down to runs of 16, heapsort past the
// depth limit, then one insertion sort), step for step. torch.mode's CPU kernel sorts (value, index)
// pairs with it, by value only, and reports the index of the last pair of the winning run; which
// of several equal values ends a run depends on this exact algorithm, which is not stable.

/** Sorts `a` (indices into `key`) in place as std::sort(a, a + n, key[x] < key[y]) does. */
export function stdSort(a: number[], key: ArrayLike<number>): void {
  const n = a.length;
  if (n === 0) return;
  const less = (x: number, y: number): boolean => key[x] < key[y];
  const swap = (i: number, j: number): void => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const THRESHOLD = 16;

  const moveMedianToFirst = (result: number, x: number, y: number, z: number): void => {
    if (less(a[x], a[y])) {
      if (less(a[y], a[z])) swap(result, y);
      else if (less(a[x], a[z])) swap(result, z);
      else swap(result, x);
    } else if (less(a[x], a[z])) swap(result, x);
    else if (less(a[y], a[z])) swap(result, z);
    else swap(result, y);
  };
  const unguardedPartition = (first: number, last: number, pivot: number): number => {
    for (;;) {
      while (less(a[first], a[pivot])) first++;
      last--;
      while (less(a[pivot], a[last])) last--;
      if (!(first < last)) return first;
      swap(first, last);
      first++;
    }
  };
  const pushHeap = (first: number, hole: number, top: number, value: number): void => {
    let parent = Math.trunc((hole - 1) / 2);
    while (hole > top && less(a[first + parent], value)) {
      a[first + hole] = a[first + parent];
      hole = parent;
      parent = Math.trunc((hole - 1) / 2);
    }
    a[first + hole] = value;
  };
  const adjustHeap = (first: number, hole: number, len: number, value: number): void => {
    const top = hole;
    let second = hole;
    while (second < Math.trunc((len - 1) / 2)) {
      second = 2 * (second + 1);
      if (less(a[first + second], a[first + second - 1])) second--;
      a[first + hole] = a[first + second];
      hole = second;
    }
    if ((len & 1) === 0 && second === Math.trunc((len - 2) / 2)) {
      second = 2 * (second + 1);
      a[first + hole] = a[first + second - 1];
      hole = second - 1;
    }
    pushHeap(first, hole, top, value);
  };
  const heapSort = (first: number, last: number): void => {
    const len = last - first;
    if (len >= 2) {
      for (let parent = Math.trunc((len - 2) / 2); ; parent--) {
        adjustHeap(first, parent, len, a[first + parent]);
        if (parent === 0) break;
      }
    }
    while (last - first > 1) {
      last--;
      const value = a[last];
      a[last] = a[first];
      adjustHeap(first, 0, last - first, value);
    }
  };
  const introsortLoop = (first: number, last: number, depth: number): void => {
    while (last - first > THRESHOLD) {
      if (depth === 0) {
        heapSort(first, last);
        return;
      }
      depth--;
      const mid = first + Math.trunc((last - first) / 2);
      moveMedianToFirst(first, first + 1, mid, last - 1);
      const cut = unguardedPartition(first + 1, last, first);
      introsortLoop(cut, last, depth);
      last = cut;
    }
  };
  const unguardedLinearInsert = (last: number): void => {
    const val = a[last];
    let next = last - 1;
    while (less(val, a[next])) {
      a[last] = a[next];
      last = next;
      next--;
    }
    a[last] = val;
  };
  const insertionSort = (first: number, last: number): void => {
    if (first === last) return;
    for (let i = first + 1; i !== last; i++) {
      if (less(a[i], a[first])) {
        const val = a[i];
        for (let j = i; j > first; j--) a[j] = a[j - 1];
        a[first] = val;
      } else unguardedLinearInsert(i);
    }
  };

  introsortLoop(0, n, Math.floor(Math.log2(n)) * 2);
  if (n > THRESHOLD) {
    insertionSort(0, THRESHOLD);
    for (let i = THRESHOLD; i < n; i++) unguardedLinearInsert(i);
  } else insertionSort(0, n);
}
