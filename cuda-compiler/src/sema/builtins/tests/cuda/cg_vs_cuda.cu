// GPU reference check of the built-in <cooperative_groups.h> and
// <cooperative_groups/reduce.h>: runs the same queries (block ranks, tiles of
// 32/16/8/2 with shuffles, ballots, votes and cg::reduce, coalesced groups)
// through CUDA's real cooperative groups and through ours, and compares
// every value. Not part of `cargo test` (it needs nvcc and a GPU). Run from
// the repository root on a CUDA machine:
//
//   H=cuda-compiler/src/preprocess/headers
//   (cat $H/cooperative_groups.h;
//    grep -v '#include <cooperative_groups.h>' $H/cooperative_groups/reduce.h) |
//     sed 's/cooperative_groups/mycg/g; s/_COOPERATIVE_GROUPS/_MYCG/g' > my.h
//   nvcc -arch=sm_90 -std=c++17 -I. -o cg_vs_cuda \
//     cuda-compiler/src/sema/builtins/tests/cuda/cg_vs_cuda.cu && ./cg_vs_cuda
//
// Last run (H100, CUDA 13): "mismatches 0 of 12288".
#include <cstdio>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
__device__ unsigned __lanemask_lt(){unsigned r;asm("mov.u32 %0, %%lanemask_lt;":"=r"(r));return r;}
#include "my.h"
#define NQ 64
template<class TB,class TILE,class CG,int N>__device__ void tq(TB b,TILE t,int*o){
 unsigned r=b.thread_rank();int v=r*7+3;int k=0;
 o[k++]=t.thread_rank();o[k++]=t.meta_group_rank();o[k++]=t.meta_group_size();o[k++]=t.size();
 o[k++]=t.shfl(v,(int)(r%N));o[k++]=t.shfl_up(v,1u);o[k++]=t.shfl_down(v,2u);o[k++]=t.shfl_xor(v,1u);
 o[k++]=t.ballot(v%3==0);o[k++]=t.any(r%5==0);o[k++]=t.all(r%2==0);
}
#define BODY(NS) { namespace cg=NS; cg::thread_block b=cg::this_thread_block(); int*o=out+(b.thread_rank()+ (blockIdx.x*blockDim.x*blockDim.y))*NQ; int k=0;\
 o[k++]=b.thread_rank();o[k++]=b.size();o[k++]=b.group_index().x;o[k++]=b.thread_index().y;o[k++]=b.dim_threads().x;\
 {auto t=cg::tiled_partition<32>(b);tq<cg::thread_block,decltype(t),int,32>(b,t,o+k);k+=11;int v=b.thread_rank()*5+1;\
  o[k++]=cg::reduce(t,v,cg::plus<int>());o[k++]=cg::reduce(t,v%13,cg::less<int>());o[k++]=cg::reduce(t,v%11,cg::greater<int>());o[k++]=cg::reduce(t,v,cg::bit_xor<int>());}\
 {auto t=cg::tiled_partition<8>(b);tq<cg::thread_block,decltype(t),int,8>(b,t,o+k);k+=11;o[k++]=cg::reduce(t,(int)b.thread_rank(),cg::plus<int>());}\
 {auto t=cg::tiled_partition<16>(b);tq<cg::thread_block,decltype(t),int,16>(b,t,o+k);k+=11;o[k++]=cg::reduce(t,(int)b.thread_rank()*3,cg::greater<int>());}\
 {auto t=cg::tiled_partition<2>(b);tq<cg::thread_block,decltype(t),int,2>(b,t,o+k);k+=11;o[k++]=cg::reduce(t,(int)b.thread_rank(),cg::bit_or<int>());}\
 if(b.thread_rank()%3!=1){cg::coalesced_group g=cg::coalesced_threads();o[k++]=g.thread_rank();o[k++]=g.size();o[k++]=g.ballot(b.thread_rank()%2);o[k++]=g.shfl((int)b.thread_rank(),1u);o[k++]=g.any(b.thread_rank()==4);o[k++]=g.all(1);} else k+=6;\
 }
__global__ void real(int*out) BODY(cooperative_groups)
__global__ void mine(int*out) BODY(mycg)
int main(){int bx=12,by=8,nb=2,n=bx*by*nb*NQ;int*a,*c;cudaMalloc(&a,n*4);cudaMalloc(&c,n*4);cudaMemset(a,0,n*4);cudaMemset(c,0,n*4);
 real<<<nb,dim3(bx,by)>>>(a);mine<<<nb,dim3(bx,by)>>>(c);int*ha=new int[n],*hc=new int[n];cudaMemcpy(ha,a,n*4,cudaMemcpyDeviceToHost);cudaMemcpy(hc,c,n*4,cudaMemcpyDeviceToHost);
 printf("err %s\n",cudaGetErrorString(cudaDeviceSynchronize()));int bad=0;for(int i=0;i<n;i++)if(ha[i]!=hc[i]){if(bad<15)printf("thread %d q %d real %d mine %d\n",i/NQ,i%NQ,ha[i],hc[i]);bad++;}printf("mismatches %d of %d\n",bad,n);for(int t=37;t<40;t++){for(int q=0;q<NQ;q++)printf("%d ",hc[t*NQ+q]);printf("\n");}}
