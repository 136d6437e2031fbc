# Least-squares fits behind the float32 GELU kernels in native/vmath_avx2.cc (normal_parts):
# S(u) = Phi(-u) e^(u^2/2) on [0.5, 14] as a degree-10 polynomial in t = 1 / (1 + 0.35 u), and
# Q(s) = (Phi(sqrt s) - 0.5) / sqrt s on [0, 0.25] (degree 4, coefficients rounded to float32).
# Prints the coefficients (lowest order first) and the fits' maximum relative errors. Needs numpy, mpmath.
# Run: /usr/bin/python3 scripts/fit_normal_cdf.py
import numpy as np, mpmath as mp
mp.mp.dps=30
def S(u): return mp.ncdf(-u)*mp.e**(u*u/2)
lo,hi=0.5,14.0; a=0.35; deg=10
ut=np.linspace(lo,hi,3000); yt=np.array([float(S(mp.mpf(u))) for u in ut])
tl,th=1/(1+a*hi),1/(1+a*lo)
N=400; k=np.arange(N); tt=(tl+th)/2+(th-tl)/2*np.cos(np.pi*(k+0.5)/N)
us=(1/tt-1)/a; ys=np.array([float(S(mp.mpf(u))) for u in us])
V=np.vander(tt,deg+1,increasing=True); W=1/ys
c,*_=np.linalg.lstsq(V*W[:,None],ys*W,rcond=None)
tv=1/(1+a*ut); print('S err',np.max(np.abs(np.polyval(c[::-1],tv)/yt-1)))
print('S', ', '.join(repr(float(x)) for x in c))
# Q(s) = (Phi(sqrt s)-0.5)/sqrt s for s in [0,0.25]
def Q(s): 
  x=mp.sqrt(s); return (mp.ncdf(x)-mp.mpf(0.5))/x if s>0 else 1/mp.sqrt(2*mp.pi)
for d in [4]:
  N=200; k=np.arange(N); ss=0.125+0.125*np.cos(np.pi*(k+0.5)/N)
  ys=np.array([float(Q(mp.mpf(s))) for s in ss])
  V=np.vander(ss,d+1,increasing=True); q,*_=np.linalg.lstsq(V,ys,rcond=None)
  st=np.linspace(0,0.25,1000); yq=np.array([float(Q(mp.mpf(s))) for s in st])
  print(d,'Q err',np.max(np.abs(np.polyval(q[::-1],st)/yq-1)))
  print('Q', ', '.join(repr(float(np.float32(x))) for x in q))
