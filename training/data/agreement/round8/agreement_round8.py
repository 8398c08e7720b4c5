import json, sys
from collections import defaultdict
import numpy as np
from sklearn.metrics import cohen_kappa_score
L=["empathetic","defensive","weak-hedged","officialese"]
langs=sys.argv[1].split(","); second_file=sys.argv[2]
first={}
for lang in langs:
    for l in open(f"agree/{lang}_first.jsonl"):
        r=json.loads(l); first[r["id"]]=r
second=[json.loads(l) for l in open(second_file)]
by=defaultdict(list)
for s in second:
    f=first[s["id"]]; by[f["lang"]].append((set(f["labels"]),set(s["labels"])))
for lang,pairs in by.items():
    ex=np.mean([a==b for a,b in pairs])
    A=np.array([[l in a for l in L] for a,b in pairs]);B=np.array([[l in b for l in L] for a,b in pairs])
    k=[cohen_kappa_score(A[:,i],B[:,i]) if A[:,i].any() or B[:,i].any() else float('nan') for i in range(4)]
    print(lang,len(pairs),f"exact {ex:.3f}","kappa",[round(x,2) for x in k])
dis=[(s["id"],first[s["id"]]["domain"],first[s["id"]]["item"],first[s["id"]]["text"],first[s["id"]]["labels"],s["labels"]) for s in second if set(first[s["id"]]["labels"])!=set(s["labels"])]
print(len(dis))
for d in dis: print(json.dumps(d,ensure_ascii=False))
