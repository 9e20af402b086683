// GPU reference check of the decompositions the built-in lowering uses:
// ordered/unordered half comparisons, `__hisinf`, `__hmin`, `__hadd_sat`,
// two-lane comparisons, `norm3df`/`rnorm3df` by scaling, `__double2hiint`,
// `__double2loint`, `__hiloint2double`, the `__float2int_*` roundings and the
// `%lanemask_*` formulas, each checked against CUDA's own function on
// special values (zeros, infinities, NaN, extremes). Not part of
// `cargo test` (it needs nvcc and a GPU):
//
//   nvcc -arch=sm_90 -o decompositions \
//     cuda-compiler/src/sema/builtins/tests/cuda/decompositions.cu && ./decompositions
//
// Last run (H100, CUDA 13): "bad 0".
#include <cstdio>
#include <cuda_fp16.h>
__device__ int bad;
#define CK(c) if(!(c)){atomicAdd(&bad,1);if(bad<20)printf("fail %d i=%d j=%d\n",__LINE__,i,j);}
__device__ bool same(float a,float b){return (a!=a&&b!=b)||a==b||fabsf(a-b)<=1e-6f*fabsf(b);}
__global__ void k(){
 float sv[]={0.f,-0.f,1.f,-1.f,0.5f,65504.f,-65504.f,1e-7f,__int_as_float(0x7f800000),__int_as_float(0xff800000),__int_as_float(0x7fc00000),3.f};
 const int n=12;
 for(int i=0;i<n;i++)for(int j=0;j<n;j++){
  half a=__float2half(sv[i]),b=__float2half(sv[j]);float fa=__half2float(a),fb=__half2float(b);
  CK(__hne(a,b)==(fa<fb||fa>fb));CK(__hequ(a,b)==!(fa<fb||fa>fb));CK(__hltu(a,b)==!(fa>=fb));
  CK(__hleu(a,b)==!(fa>fb));CK(__hgtu(a,b)==!(fa<=fb));CK(__hgeu(a,b)==!(fa<fb));CK(__hneu(a,b)==(fa!=fb));
  CK(__heq(a,b)==(fa==fb));CK(__hlt(a,b)==(fa<fb));
  int inf=__hisinf(a);CK(inf==(isinf(fa)?(signbit(fa)?-1:1):0));
  CK(same(__half2float(__hmin(a,b)),fminf(fa,fb))||(fa==0&&fb==0));
  CK(same(__half2float(__hadd_sat(a,b)),__half2float(__float2half(__saturatef(__half2float(__hadd(a,b)))))));
  half2 p=__halves2half2(a,b),q=__halves2half2(b,a);half2 m=__heq2(p,q);
  CK(__low2float(m)==(fa==fb?1.f:0.f));CK(__hbne2(p,q)==((fa<fb||fa>fb)&&(fb<fa||fb>fa)));
  CK(__hbequ2(p,q)==(!(fa<fb||fa>fb)&&!(fb<fa||fb>fa)));
  half2 nn=__hisnan2(p);CK(__high2float(nn)==(fb!=fb?1.f:0.f));
  float x=sv[i]*1e30f,y=sv[j],z=sv[(i+j)%n];
  for(int r=0;r<2;r++){float mm=fmaxf(fmaxf(fabsf(x),fabsf(y)),fabsf(z));float s=(x/mm)*(x/mm)+(y/mm)*(y/mm)+(z/mm)*(z/mm);
   bool sp=isinf(mm)||mm==0.f;float sn=isinf(mm)?mm:fabsf(x)+fabsf(y)+fabsf(z);float mine=sp?sn:mm*sqrtf(s);float rmine=sp?1.f/sn:rsqrtf(s)/mm;
   CK(same(mine,norm3df(x,y,z)));CK(same(rmine,rnorm3df(x,y,z))||fabsf(rmine-rnorm3df(x,y,z))<=4e-7f*fabsf(rmine));x=sv[i];}
  double d=(double)sv[i]*1.7e300+sv[j];unsigned long long bits=(unsigned long long)__double_as_longlong(d);
  CK(__double2hiint(d)==(int)(unsigned)(bits>>32));CK(__double2loint(d)==(int)(unsigned)bits);
  int hi=i*123456789-j*7,lo=j*987654321+i;
  unsigned long long jb=((unsigned long long)(unsigned)hi<<32)|(unsigned long long)(unsigned)lo;
  CK(__double_as_longlong(__hiloint2double(hi,lo))==(long long)jb);
 }
 int i=0,j=0;CK(__float2int_rn(2.5f)==2);CK(__float2int_rn(3.5f)==4);CK(__float2int_ru(2.1f)==3);CK(__float2int_rd(-2.1f)==-3);
 CK(__float2int_rn(1e10f)==2147483647);CK(__float2int_rn(__int_as_float(0x7fc00000))==0);CK(__float2uint_rd(-0.5f)==0u);
 CK(__float2int_rz(-2.9f)==-2);CK(__float2ll_rn(-1e30f)==(long long)0x8000000000000000ull);
}
__global__ void w(){int i=threadIdx.x,j=0;unsigned lane=threadIdx.x&31,lt,le,gt,ge;
 asm("mov.u32 %0, %%lanemask_lt;":"=r"(lt));asm("mov.u32 %0, %%lanemask_le;":"=r"(le));asm("mov.u32 %0, %%lanemask_gt;":"=r"(gt));asm("mov.u32 %0, %%lanemask_ge;":"=r"(ge));
 CK(lt==(1u<<lane)-1u);CK(le==(2u<<lane)-1u);CK(gt==~((2u<<lane)-1u));CK(ge==~((1u<<lane)-1u));}
int main(){k<<<1,1>>>();w<<<1,64>>>();cudaDeviceSynchronize();int h;cudaMemcpyFromSymbol(&h,bad,4);printf("err %s bad %d\n",cudaGetErrorString(cudaGetLastError()),h);}
